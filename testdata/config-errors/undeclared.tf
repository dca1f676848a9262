variable "region" {}

locals {
  name = "x"
}

resource "null_resource" "web" {
  triggers = {
    region = var.regoin               # ERROR: Reference to undeclared input variable -- Did you mean "var.region"?
    name   = local.nmae               # ERROR: Reference to undeclared local value -- Did you mean "local.name"?
    other  = null_resource.wbe.id     # ERROR: Reference to undeclared resource -- A managed resource "null_resource" "wbe" has not been declared in the root module.
    data   = data.local_file.nope.id  # ERROR: Reference to undeclared resource
    far    = var.completely_different # ERROR: Reference to undeclared input variable
  }
}

output "x" {
  value = null_resource.missing[0].id # ERROR: Reference to undeclared resource
}

data "local_file" "cfg" {
  filename = "cfg.json"
}

output "cfg" {
  value = local_file.cfg.content # ERROR: Reference to undeclared resource -- Did you mean the data resource data.local_file.cfg?
}

output "y" {
  value      = 1
  depends_on = [null_resource.gone] # ERROR: Reference to undeclared resource
}

provider "aws" {
  region = var.regin # ERROR: Reference to undeclared input variable -- Did you mean "var.region"?
}

variable "checked" {
  validation {
    condition     = var.region != "" && local.name != "" && local.nmae != "" # ERROR: Reference to undeclared local value -- Did you mean "local.name"?
    error_message = "bad"
  }
  validation {
    condition     = var.regoin != "" # ERROR: Reference to undeclared input variable
    error_message = "bad"
  }
}

ephemeral "random_password" "pw" {
  length = 16
}

output "z" {
  value = ephemeral.random_password.wp.result # ERROR: Reference to undeclared resource -- An ephemeral resource "random_password" "wp" has not been declared
}

output "w" {
  value = ephemeral.random_password # ERROR: Invalid reference -- The "ephemeral" object must be followed by two attribute names
}
