resourse "null_resource" "a" { # ERROR: Unsupported block type -- Did you mean "resource"?
}

terraform {
  experiments = [] # ERROR: Unsupported argument
  cloud {          # ERROR: Unsupported "cloud" block
  }
}
