import {
  to = module.net.terraform_data.imported
  id = "net-object-1"
}

import {
  for_each = toset(["x", "y"])
  to       = terraform_data.adopted[each.key]
  id       = "adopted-${each.key}"
}

resource "terraform_data" "adopted" {
  for_each = toset(["x", "y"])
}
