module "required" { # ERROR: Missing required argument -- "cidr" is required
  source = "./net"
}

module "extra" {
  source = "./net"
  cidr   = "10.0.0.0/16"
  cidrr  = "10.1.0.0/16" # ERROR: Unsupported argument -- Did you mean "cidr"?
}

module "legacy" { # ERROR: Module is incompatible with count, for_each, and depends_on -- contains its own local provider configurations
  source = "./legacy"
  count  = 2
}
