moved {
  from = "null_resource.a" # ERROR: Invalid address
  to   = null_resource.b
}

moved { # ERROR: Missing required argument
  from = null_resource.a
}

removed {
  from = null_resource.c[0] # ERROR: Resource instance keys not allowed
}

import {
  to = module.x # ERROR: Invalid import address
  id = "x"
}

resource "null_resource" "b" {}
