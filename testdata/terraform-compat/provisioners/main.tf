# Provisioners as real stacks use them with terraform_data (the
# null_resource replacement): local-exec with environment, working_dir,
# interpreter and quiet; self, count.index and each.key; a failing
# creation-time provisioner that taints its object; on_failure = continue;
# destroy-time provisioners; sensitive values that suppress output;
# triggers_replace that re-runs them; provisioners inside a module.

variable "release" {
  type    = string
  default = "v1"
}

variable "fail_command" {
  type    = string
  default = "echo failing; exit 3"
}

variable "token" {
  type      = string
  default   = "s3cr3t-token"
  sensitive = true
}

resource "terraform_data" "build" {
  input            = var.release
  triggers_replace = [var.release]

  provisioner "local-exec" {
    command     = "echo building $RELEASE for ${self.input} in $(basename $(pwd))"
    environment = { RELEASE = var.release }
    working_dir = "${path.module}/modules"
  }

  provisioner "local-exec" {
    when    = destroy
    command = "echo cleaning ${self.output}"
  }
}

resource "terraform_data" "hosts" {
  count = 2
  input = "host-${count.index}"

  provisioner "local-exec" {
    command = "echo registering ${self.input} as number ${count.index} after ${terraform_data.build.output}"
  }
}

resource "terraform_data" "services" {
  for_each = toset(["api", "web"])
  input    = each.key

  provisioner "local-exec" {
    interpreter = ["/bin/bash", "-c"]
    command     = "echo service ${each.key} && echo second line >&2"
  }

  provisioner "local-exec" {
    when    = destroy
    command = "echo stopping ${each.key}"
  }
}

resource "terraform_data" "secret" {
  input = "uses a token"

  provisioner "local-exec" {
    command = "echo token is ${var.token}"
  }
}

resource "terraform_data" "quiet" {
  provisioner "local-exec" {
    command = "echo the command is hidden, this is not"
    quiet   = true
  }
}

resource "terraform_data" "soft" {
  provisioner "local-exec" {
    command    = "echo soft failure; exit 2"
    on_failure = continue
  }

  provisioner "local-exec" {
    command = "echo runs after the soft failure"
  }
}

resource "terraform_data" "fragile" {
  input = "fragile"

  provisioner "local-exec" {
    command = var.fail_command
  }
}

module "worker" {
  source = "./modules/worker"
  name   = "w1"
}

output "build" {
  value = terraform_data.build.output
}

output "worker" {
  value = module.worker.name
}
