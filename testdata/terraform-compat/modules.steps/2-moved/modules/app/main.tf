variable "name" {
  type = string
}

variable "size" {
  type    = number
  default = 1
}

variable "subnet" {
  type = string
}

variable "tags" {
  type = object({
    env   = string
    owner = optional(string, "platform")
  })
}

locals {
  full = "${var.name}.${var.tags.env}"
}

resource "terraform_data" "host" {
  input = {
    name   = local.full
    size   = var.size
    subnet = var.subnet
    owner  = var.tags.owner
  }
}

module "leaf" {
  source = "./modules/leaf"
  parent = terraform_data.host.output.name
}

output "url" {
  value = "https://${terraform_data.host.output.name}"
}

output "leaf" {
  value = module.leaf.id
}
