variable "name" {
  type = string
}

variable "zone" {
  type    = string
  default = "z1"
}

output "label" {
  value = "b:${var.name}:${var.zone}"
}
