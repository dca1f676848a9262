variable "cidr" {
  type = string
}

variable "zones" {
  type = list(string)
}

resource "terraform_data" "vpc" {
  input = var.cidr
}

resource "terraform_data" "subnet" {
  count = length(var.zones)
  input = cidrsubnet(terraform_data.vpc.output, 8, count.index)
}

output "subnets" {
  value = terraform_data.subnet[*].output
}
