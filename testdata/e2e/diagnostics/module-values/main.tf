module "a" {
  source = "./net"
  cidr   = "10.0.0.0/16"
  zones  = "a" # ERROR: Invalid value for input variable -- list of string required
}

module "b" {
  source = "./net"
  cidr   = "10.1.0.0/16"
}

output "vpc" {
  value = module.b.vpc_id # ERROR: Unsupported attribute -- does not have an attribute named "vpc_id"
}
