# Override files merged by Terraform's rules: override.tf and
# *_override.tf(.json) after the primary files, in name order.

variable "env" {
  type    = string
  default = "dev"
}

locals {
  name   = "app-${var.env}"
  region = "eu-west-1"
}

resource "terraform_data" "app" {
  count = 1
  input = {
    name   = local.name
    region = local.region
    size   = "small"
  }
  triggers_replace = "v1"

  lifecycle {
    create_before_destroy = true
  }
}

resource "terraform_data" "db" {
  input = "db-${local.name}"
}

output "app" {
  value = terraform_data.app[*].output
}

output "db" {
  value       = terraform_data.db.output
  description = "The database."
}

module "net" {
  source = "./modules/a"
  name   = local.name
}

output "net" {
  value = module.net.label
}
