variable "optional" {
  default = "x"
}

variable "required" { # ERROR: No value for required variable -- TF_VAR_required
  type = string
}

output "required" {
  value = var.required
}
