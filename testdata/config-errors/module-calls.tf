module "a" {
  source = "./a"
}

module "a" { # ERROR: Duplicate module call
  source = "./a"
}

module "b" {
  source   = "./b"
  count    = 1
  for_each = {} # ERROR: Invalid combination of "count" and "for_each"
}

module "c" {
  source     = "./c"
  depends_on = [module.a.id] # ERROR: Invalid depends_on reference
}

module "d" { # ERROR: Missing required argument
}

output "x" {
  value = module.nope.id # ERROR: Reference to undeclared module
}
