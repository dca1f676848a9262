terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    null = {
      source = "registry.terraform.io/hashicorp/null"
    }
    random = "~> 3.0"
  }

  backend "s3" {
    bucket = "state"
    key    = "stack/terraform.tfstate"
    region = "us-east-1"
  }
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"

  endpoints {
    s3 = "http://127.0.0.1:9000"
  }
}

locals {
  name_prefix = "${var.project}-${terraform.workspace}"
  bucket_names = [for n in var.bucket_names : upper(n) if n != ""]
  policy = <<-EOT
    {
      "name": "${local.name_prefix}",
      "dir": "${path.module}"
    }
  EOT
  greeting = "%{if var.project != ""}hello ${var.project}%{else}hello%{endif}"
}

resource "null_resource" "counted" {
  count = 3

  triggers = {
    index = count.index
    name  = "${local.name_prefix}-${count.index}"
  }
}

resource "aws_s3_bucket" "each" {
  for_each = toset(local.bucket_names)
  provider = aws.west

  bucket = lower(each.key)
  tags = {
    Name    = each.value
    Counted = null_resource.counted[0].id
    All     = join(",", null_resource.counted[*].id)
  }

  dynamic "rule" {
    for_each = var.rules
    content {
      id     = rule.key
      prefix = rule.value.prefix
    }
  }

  lifecycle {
    create_before_destroy = true
    prevent_destroy       = false
    ignore_changes        = [tags["Counted"], acl]
  }

  depends_on = [null_resource.counted, data.aws_caller_identity.me]
}

resource "aws_s3_bucket" "frozen" {
  bucket = "frozen"

  lifecycle {
    ignore_changes = all
  }
}

data "aws_caller_identity" "me" {}

data "local_file" "each" {
  for_each   = toset(var.bucket_names)
  provider   = local
  filename   = "${path.module}/${each.key}.txt"
  depends_on = [aws_s3_bucket.frozen]
}
