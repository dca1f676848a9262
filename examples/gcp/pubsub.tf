# Upload events: a topic, a pull subscription for the thumbnail workers,
# and a dead-letter topic for messages they fail five times.

resource "google_pubsub_topic" "uploads" {
  name                       = "${var.name}-uploads"
  labels                     = local.labels
  message_retention_duration = "86400s"
}

resource "google_pubsub_topic" "uploads_dead_letter" {
  name   = "${var.name}-uploads-dead-letter"
  labels = local.labels
}

resource "google_pubsub_subscription" "thumbnails" {
  name                       = "${var.name}-thumbnails"
  topic                      = google_pubsub_topic.uploads.id
  labels                     = local.labels
  ack_deadline_seconds       = 30
  message_retention_duration = "604800s"
  retain_acked_messages      = false

  expiration_policy {
    ttl = ""
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "300s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.uploads_dead_letter.id
    max_delivery_attempts = 5
  }
}
