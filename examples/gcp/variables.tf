variable "project" {
  description = "Project of every resource. With the emulators any name works."
  type        = string
  default     = "trueup-example"
}

variable "region" {
  description = "Default region of the provider."
  type        = string
  default     = "us-central1"
}

variable "location" {
  description = "Location of the bucket (Cloud Storage reports it in upper case; either spelling plans no change)."
  type        = string
  default     = "US-CENTRAL1"
}

variable "name" {
  description = "Prefix of every resource name; bucket names are global, so make it yours."
  type        = string
  default     = "trueup-example"
}

variable "environment" {
  description = "Label of every resource."
  type        = string
  default     = "dev"
}

variable "storage_endpoint" {
  description = "Cloud Storage JSON API URL, e.g. http://127.0.0.1:9001/storage/v1/. Null (the default): STORAGE_EMULATOR_HOST, else Google."
  type        = string
  default     = null
}

variable "pubsub_endpoint" {
  description = "Pub/Sub endpoint, e.g. http://127.0.0.1:8085/. Null (the default): PUBSUB_EMULATOR_HOST, else Google."
  type        = string
  default     = null
}
