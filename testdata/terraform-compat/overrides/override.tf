variable "env" {
  default = "prod"
}

output "db" {
  value = upper(terraform_data.db.output)
}
