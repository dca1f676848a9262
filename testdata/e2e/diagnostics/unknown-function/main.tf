variable "names" {
  default = ["a", "b"]
}

resource "null_resource" "x" {
  triggers = {
    joined = joinn(",", var.names) # ERROR: Call to unknown function -- There is no function named "joinn". Did you mean "join"?
  }
}

output "o" {
  value = "${uper(null_resource.x.id)}" # ERROR: Call to unknown function -- Did you mean "upper"?
}
