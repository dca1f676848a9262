resource "null_resource" "a" {
  triggers = {
    x = # ERROR: Invalid expression
  }
}
