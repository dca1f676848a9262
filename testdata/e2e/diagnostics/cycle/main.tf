resource "null_resource" "a" { # ERROR: Cycle in configuration -- null_resource.a, null_resource.b, null_resource.c
  triggers = { next = null_resource.b.id }
}

resource "null_resource" "b" {
  triggers = { next = null_resource.c.id }
}

resource "null_resource" "c" {
  triggers = { next = null_resource.a.id }
}

resource "null_resource" "not_in_the_cycle" {}
