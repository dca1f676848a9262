variable "env" {
  default = "dev"
}

variable "size" {
  default = 1
  validation {
    condition     = var.env != "prod" || var.size >= 3
    error_message = "prod needs size >= 3, got ${var.size}."
  }
}

resource "terraform_data" "base" {
  input = var.env
  lifecycle {
    precondition {
      condition     = length(var.env) > 1
      error_message = "env must be longer than one character."
    }
    postcondition {
      condition     = self.output == var.env
      error_message = "output is ${self.output}"
    }
  }
}

resource "terraform_data" "whole" {
  input = "w"
  lifecycle {
    replace_triggered_by = [terraform_data.base]
  }
}

resource "terraform_data" "attr" {
  count = 2
  input = count.index
  lifecycle {
    replace_triggered_by = [terraform_data.base.output]
  }
}

resource "terraform_data" "unrelated" {
  input = "u"
  lifecycle {
    replace_triggered_by = [terraform_data.attr[0].input]
  }
}

check "env_is_short" {
  assert {
    condition     = length(var.env) < 5
    error_message = "env ${var.env} is long."
  }
}

module "m" {
  source = "./m"
  n      = var.size
}

output "env" {
  value = terraform_data.base.output
  precondition {
    condition     = var.env != "bad"
    error_message = "env must not be bad."
  }
}
