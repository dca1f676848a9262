# Two calls to one module: its mistake is one mistake, reported once.
module "a" {
  source = "./net"
  cidr   = "10.0.0.0/16"
}

module "b" {
  source = "./net"
  cidr   = "10.1.0.0/16"
}
