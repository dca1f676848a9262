# A stack whose state lives in S3, locked with a lock object written with
# If-None-Match. Run it against `trueup sandbox` (see the README) or a real
# bucket: credentials come from the AWS SDK's default chain, endpoints from
# AWS_ENDPOINT_URL, and secrets from -backend-config, never from this file.

terraform {
  backend "s3" {
    bucket         = "tfstate"
    key            = "examples/s3-backend/terraform.tfstate"
    region         = "us-east-1"
    use_lockfile   = true
    use_path_style = true
  }
}

resource "random_pet" "name" {
  length = 3
}

resource "null_resource" "release" {
  triggers = {
    name = random_pet.name.id
  }
}

output "name" {
  value = random_pet.name.id
}
