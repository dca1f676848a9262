// Package google is trueup's provider for Google Cloud, built on the
// official Go clients (cloud.google.com/go/storage for Cloud Storage,
// cloud.google.com/go/pubsub/v2 for Pub/Sub). Resource and data source
// types, attribute names, defaults and import IDs follow the Terraform
// google provider, so that a configuration written for Terraform plans
// unchanged.
//
// Credentials come from the provider block's credentials (a path or the
// JSON itself), Terraform's GOOGLE_CREDENTIALS variables, or Application
// Default Credentials. STORAGE_EMULATOR_HOST, PUBSUB_EMULATOR_HOST and
// plain-http custom endpoints reach local emulators without authentication.
//
// The package implements schema.Provider and imports only the schema
// package and providers/internal/kit from trueup: it must never import the
// engine (engine/...) or another provider.
package google
