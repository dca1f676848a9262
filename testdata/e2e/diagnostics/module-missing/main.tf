module "net" {
  source = "./modules/net" # ERROR: Unreadable module directory -- does not exist
}
