resource "null_resource" "both" {
  count    = 2
  for_each = {} # ERROR: Invalid combination of "count" and "for_each"
}

resource "null_resource" "deps" {
  depends_on = [
    null_resource.both.id, # ERROR: Invalid depends_on reference
    var.x,                 # ERROR: Invalid depends_on reference
  ]
}

resource "null_resource" "provider" {
  provider = "aws.west" # ERROR: Invalid provider configuration reference
}

resource "null_resource" "lifecycle" {
  lifecycle {
    ignore_changes       = everything # ERROR: Invalid ignore_changes
    create_before_destroy = var.x     # ERROR: Variables not allowed
  }
}

resource "null_resource" "provisioner" {
  provisioner "chef" { # ERROR: Invalid provisioner type
  }
  provisioner "local-exec" {
    when       = later    # ERROR: Invalid "when" keyword
    on_failure = ignore   # ERROR: Invalid "on_failure" keyword
    command    = "true"
  }
  provisioner "local-exec" {
    when    = destroy
    command = "echo ${null_resource.deps.id}" # ERROR: Invalid reference from destroy provisioner
  }
}
