variable "name" {
  type = string
}

output "label" {
  value = "a:${var.name}"
}
