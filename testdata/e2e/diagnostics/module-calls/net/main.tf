variable "cidr" {
  type = string
}

resource "terraform_data" "vpc" {
  input = var.cidr
}
