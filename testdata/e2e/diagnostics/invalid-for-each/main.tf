resource "null_resource" "each" {
  for_each = ["a", "b"] # ERROR: Invalid for_each argument -- toset()
}
