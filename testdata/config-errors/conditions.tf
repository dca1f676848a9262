variable "x" {
  default = 1
}

resource "null_resource" "pre" {
  count = 2
  lifecycle {
    precondition {
      condition     = self.id != "" # ERROR: Invalid "self" reference
      error_message = "index ${count.index}"
    }
    precondition {
      condition     = true # ERROR: Invalid precondition expression -- must refer to at least one object
      error_message = "always"
    }
    postcondition {
      condition     = self.id != null_resource.pre[0].id # ERROR: Invalid reference in postcondition -- may not refer to itself
      error_message = "x"
    }
    postcondition {
      condition     = var.y > 0          # ERROR: Reference to undeclared input variable
      error_message = "each ${each.key}" # ERROR: Reference to "each" in context without for_each
    }
    postcondition { # ERROR: Missing required argument
      condition = var.x > 0
    }
  }
}

data "null_data_source" "d" {
  lifecycle {
    postcondition {
      condition     = self.outputs != null
      error_message = "no outputs"
    }
    create_before_destroy = true # ERROR: Unsupported argument
  }
}

output "o" {
  value = var.x
  precondition {
    condition     = self.value == 1 # ERROR: Invalid "self" reference
    error_message = "x"
  }
}

resource "null_resource" "triggered" {
  lifecycle {
    replace_triggered_by = [
      null_resource.pre,
      null_resource.pre[0].id,
      "null_resource.pre",                       # ERROR: Invalid replace_triggered_by expression -- Missing resource reference
      [null_resource.pre, null_resource.pre[1]], # ERROR: Invalid replace_triggered_by expression -- Multiple resource references
      null_resource.nope,                        # ERROR: Reference to undeclared resource
    ]
  }
}
