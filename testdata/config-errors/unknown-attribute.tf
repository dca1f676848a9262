variable "x" {
  typ = string # ERROR: Unsupported argument -- Did you mean "type"?
}

output "y" {
  value    = 1
  sensitiv = true # ERROR: Unsupported argument -- Did you mean "sensitive"?
}

resource "null_resource" "a" {
  lifecycle {
    prevent_destroi = true # ERROR: Unsupported argument -- Did you mean "prevent_destroy"?
  }
}

variable "z" {
  validation { # ERROR: Missing required argument
    condition = var.z != ""
  }
}
