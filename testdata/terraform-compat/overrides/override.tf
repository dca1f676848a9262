variable "env" {
  default = "prod"
}

output "db" {
  value = upper(terraform_data.db.output)
}

# A module call's source and arguments, merged argument by argument.
module "net" {
  source = "./modules/b"
  zone   = "z2"
}
