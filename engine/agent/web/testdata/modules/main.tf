variable "dir" {
  type    = string
  default = "out"
}

resource "local_file" "a" {
  filename = "${var.dir}/a.txt"
  content  = "hello"
}

resource "null_resource" "b" {
  triggers = { a = local_file.a.content }
}

module "net" {
  source = "./net"
  prefix = null_resource.b.id
}

data "local_file" "seed" {
  filename = "main.tf"
}

resource "local_file" "d" {
  count    = 1
  filename = "${var.dir}/d.txt"
  content  = "${module.net.id}${length(data.local_file.seed.content)}"
}

resource "random_pet" "c" {
  keepers = { b = null_resource.b.id }
}

locals {
  via_local = random_pet.c.id
}

resource "null_resource" "e" {
  triggers = { x = local.via_local }
  depends_on = [local_file.d]
}
