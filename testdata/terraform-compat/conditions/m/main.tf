variable "n" {}

resource "terraform_data" "r" {
  input = var.n
  lifecycle {
    postcondition {
      condition     = self.output < 10
      error_message = "n is ${self.output}, too big."
    }
  }
}

check "small" {
  assert {
    condition     = var.n < 5
    error_message = "n is not small."
  }
}

output "n" {
  value = terraform_data.r.output
}
