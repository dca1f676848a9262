module "a" {
  source = "./a"
  in     = module.b.out
}

module "b" {
  source = "./a"
  in     = module.a.out
}
