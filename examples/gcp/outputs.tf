output "bucket_url" {
  value = google_storage_bucket.assets.url
}

output "index_md5" {
  value = google_storage_bucket_object.index.md5hash
}

output "logo_generation" {
  value = google_storage_bucket_object.logo.generation
}

output "topic_id" {
  value = google_pubsub_topic.uploads.id
}

output "subscription_id" {
  value = google_pubsub_subscription.thumbnails.id
}
