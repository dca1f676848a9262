check "health" { # ERROR: Unsupported "check" block
}

resource "null_resource" "b" {}
