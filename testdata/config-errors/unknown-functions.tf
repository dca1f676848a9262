variable "names" {
  type    = list(string)
  default = ["a"]
}

locals {
  upper_names = [for n in var.names : uper(n)]      # ERROR: Call to unknown function -- Did you mean "upper"?
  joined      = join(",", var.names)
  nested      = lower(jsonencod({ a = 1 }))           # ERROR: Call to unknown function -- Did you mean "jsonencode"?
  provided    = provider::aws::arn_parse("arn:aws:s3:::b")
  core        = core::upper("x")
  templated   = "prefix-${frobnicate(1)}"             # ERROR: Call to unknown function -- There is no function named "frobnicate".
}

resource "null_resource" "x" {
  count = lenght(var.names) # ERROR: Call to unknown function -- Did you mean "length"?

  triggers = {
    a = tostring(count.index)
    b = totally_unknown()   # ERROR: Call to unknown function
  }

  dynamic "nope" {
    for_each = []
    content {
      v = formatt("%s", nope.value) # ERROR: Call to unknown function -- Did you mean "format"?
    }
  }
}

output "o" {
  value = cidrsubnet("10.0.0.0/16", 8, 1)
}
