import {
  to = terraform_data.one
  id = "object-1"
}

import {
  for_each = toset(["x", "y"])
  to       = terraform_data.adopted[each.key]
  id       = "adopted-${each.key}"
}

resource "terraform_data" "adopted" {
  for_each = toset(["x", "y"])
}

resource "terraform_data" "one" {
  input = "changed"
}
