# Variable validation rules that name other objects (Terraform 1.9 and
# later): a local, a resource's planned attribute, a resource attribute
# known only after apply, and, in a child module, the module's own local.

variable "name" {
  type    = string
  default = "abc"
  validation {
    condition     = length(var.name) <= local.max
    error_message = "Name ${var.name} is longer than ${local.max}."
  }
}

locals {
  max = 5
}

resource "terraform_data" "a" {
  input = "ok"
}

variable "late" {
  type    = string
  default = "ok"
  validation {
    condition     = terraform_data.a.output == var.late
    error_message = "late must match terraform_data.a's output."
  }
}

variable "planned" {
  type    = string
  default = "ok"
  validation {
    condition     = terraform_data.a.input == var.planned
    error_message = "planned must match terraform_data.a's input."
  }
}

variable "n" {
  type    = number
  default = 1
}

module "m" {
  source = "./m"
  n      = var.n
}

output "name" {
  value = var.name
}
