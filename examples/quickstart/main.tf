# The quickstart stack: everything here runs offline with trueup's built-in
# local, random and null providers, so it needs no cloud account.

terraform {
  required_providers {
    local  = { source = "hashicorp/local" }
    random = { source = "hashicorp/random" }
    null   = { source = "hashicorp/null" }
  }
}

variable "environment" {
  type        = string
  default     = "demo"
  description = "Name of the environment the files describe."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.environment))
    error_message = "The environment must be lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "services" {
  type = map(object({
    port     = number
    replicas = optional(number, 1)
  }))
  default = {
    api = { port = 8080, replicas = 2 }
    web = { port = 3000 }
  }
}

locals {
  out_dir = "${path.module}/out"
  labels = {
    environment = var.environment
    managed_by  = "trueup"
  }
}

resource "random_pet" "cluster" {
  length = 2
  prefix = var.environment
}

resource "random_password" "db" {
  length  = 20
  special = false
}

module "service" {
  source   = "./modules/service"
  for_each = var.services

  name     = each.key
  port     = each.value.port
  replicas = each.value.replicas
  cluster  = random_pet.cluster.id
  labels   = local.labels
  out_dir  = local.out_dir
}

resource "local_sensitive_file" "db_credentials" {
  filename        = "${local.out_dir}/db.env"
  content         = "DB_PASSWORD=${random_password.db.result}\n"
  file_permission = "0600"
}

output "cluster_name" {
  value = random_pet.cluster.id
}

output "service_files" {
  value = sort([for s in module.service : s.file])
}

output "db_password" {
  value     = random_password.db.result
  sensitive = true
}
