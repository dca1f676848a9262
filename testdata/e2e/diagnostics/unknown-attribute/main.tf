resource "null_resource" "a" {
  trigers = { x = "y" } # ERROR: Unsupported argument -- Did you mean "triggers"?
}
