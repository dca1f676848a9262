moved {
  from = module.counted
  to   = module.regional
}
