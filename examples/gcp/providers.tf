terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

# With STORAGE_EMULATOR_HOST and PUBSUB_EMULATOR_HOST set, the clients talk
# to the emulators without credentials; otherwise Application Default
# Credentials apply.
provider "google" {
  project                 = var.project
  region                  = var.region
  storage_custom_endpoint = var.storage_endpoint
  pubsub_custom_endpoint  = var.pubsub_endpoint
}

locals {
  labels = {
    environment = var.environment
    managed_by  = "trueup"
  }
}
