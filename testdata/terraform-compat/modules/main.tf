# Modules as real stacks use them: a plain call, count and for_each calls,
# a module nested two deep, outputs read across calls, depends_on.

variable "env" {
  type    = string
  default = "dev"
}

module "net" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
  zones  = ["a", "b"]
}

module "app" {
  source   = "./modules/app"
  for_each = { eu = 1, us = 2 }
  name     = "app-${each.key}"
  size     = each.value
  subnet   = module.net.subnets[0]
  tags     = { env = var.env }
}

module "counted" {
  source = "./modules/net"
  count  = 2
  cidr   = "10.${count.index + 1}.0.0/16"
  zones  = ["c"]

  depends_on = [module.net]
}

output "subnets" {
  value = module.net.subnets
}

output "apps" {
  value = { for k, m in module.app : k => m.url }
}

output "leaf_ids" {
  value = module.app["eu"].leaf
}


output "counted" {
  value = module.counted[*].subnets
}
