# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "HOST/trueup/fw" {
  version     = "1.0.0"
  constraints = "~> 1.0"
  hashes = [
    "h1:HASH",
    "zh:HASH",
  ]
}

provider "registry.terraform.io/trueup/sdk" {
  version     = "1.0.0"
  constraints = "1.0.0"
  hashes = [
    "h1:HASH",
  ]
}
