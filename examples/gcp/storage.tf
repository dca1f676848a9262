# Static assets: a versioned bucket that keeps three old versions of each
# object for a month, with a page written inline and a file uploaded from
# this directory.

resource "google_storage_bucket" "assets" {
  name                        = "${var.name}-assets"
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  force_destroy               = true
  labels                      = merge(local.labels, { purpose = "assets" })

  versioning {
    enabled = true
  }

  # Old versions go after 30 days, or when three newer ones exist.
  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      days_since_noncurrent_time = 30
      with_state                 = "ARCHIVED"
    }
  }

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      num_newer_versions = 3
      with_state         = "ARCHIVED"
    }
  }
}

resource "google_storage_bucket_object" "index" {
  bucket        = google_storage_bucket.assets.name
  name          = "index.html"
  content       = "<!doctype html>\n<title>${var.name}</title>\n<h1>Hello from ${var.name}</h1>\n"
  content_type  = "text/html; charset=utf-8"
  cache_control = "public, max-age=300"
}

resource "google_storage_bucket_object" "logo" {
  bucket       = google_storage_bucket.assets.name
  name         = "img/logo.svg"
  source       = "${path.module}/files/logo.svg"
  content_type = "image/svg+xml"
}
