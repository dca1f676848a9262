variable "prefix" {
  type = string
}

resource "null_resource" "m" {}

resource "null_resource" "n" {
  triggers   = { p = var.prefix }
  depends_on = [null_resource.m]
}

output "id" {
  value = null_resource.n.id
}
