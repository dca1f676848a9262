variable "x" {
  default = 1
}

check "ok" {
  data "null_data_source" "probe" {
    inputs = { x = var.x }
  }
  assert {
    condition     = data.null_data_source.probe.outputs.x == "1"
    error_message = "probe says ${data.null_data_source.probe.outputs.x}"
  }
}

check "empty" { # ERROR: Zero assert blocks
}

check "ok" { # ERROR: Duplicate check "ok" configuration -- already declared at
  assert {
    condition     = var.x > 0
    error_message = "x"
  }
}

check "nested" {
  data "null_data_source" "counted" {
    count = 2 # ERROR: Invalid "count" attribute
  }
  data "null_data_source" "second" { # ERROR: Multiple data resource blocks
  }
  assert {
    condition     = var.nope > 0 # ERROR: Reference to undeclared input variable
    error_message = "x"
  }
  assert {
    condition     = 1 == 1 # ERROR: Invalid assert expression
    error_message = "x"
  }
}

check "bad name!" { # ERROR: Invalid check block name
  assert {
    condition     = var.x > 0
    error_message = "x"
  }
}
