variable "in" {
  type = string
}

output "out" { # ERROR: Cycle in configuration -- module.a.output.out, module.a.var.in, module.b.output.out, module.b.var.in
  value = "${var.in}-x"
}
