terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  # Emulators such as moto serve every bucket under one host name.
  s3_use_path_style           = true
  skip_credentials_validation = true

  # Only when var.aws_endpoint is set: otherwise the SDK's own
  # AWS_ENDPOINT_URL (or AWS itself) applies.
  dynamic "endpoints" {
    for_each = var.aws_endpoint == null ? [] : [var.aws_endpoint]
    content {
      s3             = endpoints.value
      sqs            = endpoints.value
      sns            = endpoints.value
      iam            = endpoints.value
      sts            = endpoints.value
      ec2            = endpoints.value
      ssm            = endpoints.value
      kms            = endpoints.value
      dynamodb       = endpoints.value
      secretsmanager = endpoints.value
      route53        = endpoints.value
      logs           = endpoints.value
    }
  }

  default_tags {
    tags = {
      project     = var.name
      environment = var.environment
      managed_by  = "trueup"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}
