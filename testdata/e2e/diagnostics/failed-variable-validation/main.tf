variable "environment" {
  type = string

  validation {
    condition     = contains(["dev", "prod"], var.environment) # ERROR: Invalid value for variable -- The environment must be dev or prod.
    error_message = "The environment must be dev or prod."
  }
}

output "environment" {
  value = var.environment
}
