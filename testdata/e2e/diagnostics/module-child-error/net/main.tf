variable "cidr" {
  type = string
}

resource "terraform_data" "vpc" {
  input = var.cidrs # ERROR: Reference to undeclared input variable -- "cidrs" has not been declared
}
