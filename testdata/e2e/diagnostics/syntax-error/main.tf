resource "null_resource" "a" {
  triggers = {
    name = } # ERROR: Invalid expression -- Expected the start of an expression
  }
}
