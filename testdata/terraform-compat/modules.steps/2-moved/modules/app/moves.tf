moved {
  from = terraform_data.server
  to   = terraform_data.host
}
