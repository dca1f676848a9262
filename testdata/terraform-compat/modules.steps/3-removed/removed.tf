removed {
  from = module.regional

  lifecycle {
    destroy = false
  }
}
