// Package sandbox runs local S3, GCS and Pub/Sub emulators in-process, on loopback,
// so that trueup's remote state backends (and the aws and google
// providers) can be exercised with no cloud account: `trueup sandbox`, the
// demo and the tests all use it.
//
// S3 is served by github.com/johannesboyne/gofakes3 (with STS
// GetCallerIdentity answered on the same endpoint, sts.go) and GCS by
// github.com/fsouza/fake-gcs-server, each on its own loopback port (see
// Options.Addr). A middleware in front of
// each can add latency and inject the services' own throttling and 5xx
// errors, so that the SDKs' retryers are exercised.
//
// With a data directory, S3 objects are kept in a bolt database (written
// through from gofakes3's memory backend, s3store.go) and GCS
// objects in a directory tree, and survive a restart; neither persistent
// store supports object versioning (GCS buckets keep their versioning
// setting, gcs_bucketmeta.go). Pub/Sub (the Go client's pstest) is always
// in memory. Without a data directory both
// emulators keep data in memory and support versioning. docs/remote-state.md
// lists what the emulators get wrong.
//
// This package is a leaf for the CLI: it must not import the engine's
// planner, executor or providers, nor the state backends that talk to it.
package sandbox
