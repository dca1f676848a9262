resource "terraform_data" "app" {
  count = 2
  input = {
    name   = local.name
    region = local.region
    size   = "large"
  }
}

locals {
  region = "us-east-1"
}
