# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "example.com/acme/other" {
  version = "2.0.0"
  hashes = [
    "h1:ts+nrQVijRLQunBApHRUxVBg/V0ggIWoo5tbagtCR1k=",
  ]
}

provider "example.com/acme/thing" {
  version     = "1.5.0"
  constraints = ">= 1.2.0, < 2.0.0"
  hashes = [
    "h1:sze8+Lv5niP1xbfZSJ0aXBQ7IV4gWPGgwF8VwnYcIn0=",
  ]
}

provider "registry.terraform.io/hashicorp/null" {
  version     = "3.2.3"
  constraints = "~> 3.0"
  hashes = [
    "h1:B/alejhNnxsGsjpiBENMzjJnEUPeKfeHwF7G3vP7VPs=",
  ]
}
