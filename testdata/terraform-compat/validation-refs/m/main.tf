variable "n" {
  type = number
  validation {
    condition     = var.n <= local.limit
    error_message = "n is ${var.n}, more than ${local.limit}."
  }
}

locals {
  limit = 5
}

resource "terraform_data" "r" {
  input = var.n
}
