server {
  data_dir = "data" # other blocks are left to their owner
}

artifact "web" {
  oci {
    repository = "127.0.0.1:5000/team/web"
  }
  semver = "~1.4"
  link   = "https://git.example.com/team/web/releases/tag/{tag}"
}

artifact "worker" {
  oci {
    repository   = "registry.example.com/worker"
    username_env = "REG_USER"
    password_env = "REG_PASSWORD"
  }
  tag_regexp = "^main-(?P<build>[0-9]+)-[0-9a-f]+$"
  sort_key   = "build"
  sort       = "numeric"
  value      = "{location}@{digest}"
}

artifact "fn" {
  s3 {
    bucket = "builds"
    prefix = "lambda/fn-"
  }
  latest = true
}

stage "dev" {
  stacks = ["web-dev"]
  mode   = "commit"
}

stage "staging" {
  stacks     = ["web-staging"]
  soak       = "10m"
  health_url = "http://127.0.0.1:9000/healthz"
}
