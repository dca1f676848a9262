artifact "a" {
  oci {
    repository = "r/a"
  }
  semver = "~>1.x.y" # ERROR: Invalid semver range
}

artifact "b" { # ERROR: Missing selection policy
  oci {
    repository = "r/b"
  }
}

artifact "c" {
  oci {
    repository = "r/c"
  }
  tag_regexp = "^(unclosed" # ERROR: Invalid tag_regexp
}

artifact "d" {
  oci {
    repository = "r/d"
  }
  tag_regexp = "^v(?P<n>[0-9]+)$"
  sort_key   = "build" # ERROR: Unknown sort_key
  sort       = "random" # ERROR: Invalid sort
}

artifact "e" {
  oci {
    repository = "r/e"
  }
  semver = "~1"
  value  = "{location}:{build}" # ERROR: Invalid value template
}

artifact "f" { # ERROR: Exactly one artifact source
  semver = "~1"
}

artifact "a" { # ERROR: Duplicate artifact
  oci {
    repository = "r/a"
  }
  latest = true
}
