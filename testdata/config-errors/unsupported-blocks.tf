moved { # ERROR: Unsupported "moved" block
  from = null_resource.a
  to   = null_resource.b
}

import { # ERROR: Unsupported "import" block
  to = null_resource.b
  id = "x"
}

check "health" { # ERROR: Unsupported "check" block
}

resource "null_resource" "b" {}
