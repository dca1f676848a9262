# terraform_data as real stacks use it: plain and structured values,
# count and for_each, chains through output, triggers_replace that
# replaces an object when a variable changes.

variable "env" {
  type    = string
  default = "dev"
}

locals {
  names = ["api", "web"]
}

resource "terraform_data" "plain" {
  input = "hello"
}

resource "terraform_data" "structured" {
  input = {
    env  = var.env
    size = 3
    tags = ["a", "b"]
  }
  triggers_replace = [var.env]
}

resource "terraform_data" "each" {
  for_each = toset(local.names)
  input    = "${each.key}-${terraform_data.plain.output}"
}

resource "terraform_data" "counted" {
  count = 2
  input = count.index * 10
}

resource "terraform_data" "empty" {}

resource "terraform_data" "chained" {
  input            = terraform_data.structured.output.tags
  triggers_replace = terraform_data.plain.id
}

resource "terraform_data" "follows_env" {
  input = "release-${var.env}"
}

output "plain" {
  value = terraform_data.plain.output
}

output "structured" {
  value = terraform_data.structured.output
}

output "each" {
  value = { for k, v in terraform_data.each : k => v.output }
}

output "counted" {
  value = terraform_data.counted[*].output
}

output "empty" {
  value = terraform_data.empty.output
}

output "chained" {
  value = terraform_data.chained.output
}

output "follows_env" {
  value = terraform_data.follows_env.output
}

output "id_is_uuid" {
  value = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", terraform_data.plain.id))
}
