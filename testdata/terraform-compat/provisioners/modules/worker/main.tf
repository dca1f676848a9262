variable "name" {
  type = string
}

resource "terraform_data" "worker" {
  input = var.name

  provisioner "local-exec" {
    command = "echo starting worker ${self.input} from module $(basename ${path.module})"
  }

  provisioner "local-exec" {
    when    = destroy
    command = "echo stopping worker ${self.input}"
  }
}

output "name" {
  value = terraform_data.worker.output
}
