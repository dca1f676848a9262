variable "region" {
  default = "eu-west-1"
}

resource "null_resource" "main" {
  triggers = {
    region = var.regoin # ERROR: Reference to undeclared input variable -- Did you mean "var.region"?
  }
}

output "id" {
  value = null_resource.mian.id # ERROR: Reference to undeclared resource -- Did you mean "null_resource.main"?
}
