resource "null_resource" "1bad" {} # ERROR: Invalid resource name

resource "null resource" "ok" {} # ERROR: Invalid resource type name

variable "2x" {} # ERROR: Invalid variable name

variable "count" {} # ERROR: Invalid variable name

output "a.b" { # ERROR: Invalid output name
  value = 1
}

provider "aws" {
  alias = "us east" # ERROR: Invalid provider alias name
}
