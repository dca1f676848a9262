resource "null_resource" "plain" {
  triggers = {
    i = count.index # ERROR: Reference to "count" in non-counted context
    k = each.key    # ERROR: Reference to "each" in context without for_each
  }
}

resource "null_resource" "counted" {
  count = length([count.index]) # ERROR: Reference to "count" in non-counted context
  triggers = {
    i = count.index
    n = count.number # ERROR: Invalid "count" attribute
  }
}

resource "null_resource" "each" {
  for_each = toset(["a"])
  triggers = {
    k = each.key
    v = each.value
    x = each.item # ERROR: Invalid "each" attribute
  }

  dynamic "rule" {
    for_each = each.value
    content {
      id = rule.value
    }
  }
}

output "index" {
  value = count.index # ERROR: Reference to "count" in non-counted context
}

locals {
  where = path.modul # ERROR: Invalid "path" attribute -- Did you mean "path.module"?
  ws    = terraform.workspace
  bad   = var # ERROR: Invalid reference
}
