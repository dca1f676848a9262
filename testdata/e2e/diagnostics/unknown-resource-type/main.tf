resource "null_resource" "ok" {}

resource "null_resourc" "typo" { # ERROR: Invalid resource type -- Did you mean "null_resource"?
}
