resource "null_resource" "a" {}

resource "null_resource" "a" {} # ERROR: Duplicate resource "null_resource" configuration -- already declared at

data "local_file" "f" {
  filename = "x"
}

data "local_file" "f" { # ERROR: Duplicate data "local_file" configuration
  filename = "y"
}

variable "v" {}
variable "v" {} # ERROR: Duplicate variable declaration

output "o" { value = 1 }
output "o" { value = 2 } # ERROR: Duplicate output definition

locals {
  l = 1
}

locals {
  l = 2 # ERROR: Duplicate local value definition
}

provider "aws" {}
provider "aws" {} # ERROR: Duplicate provider configuration
