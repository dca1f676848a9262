// Package gcs is the "gcs" state backend: a stack's state is the object
// PREFIX/default.tfstate in a Google Cloud Storage bucket, configured like
// Terraform's gcs backend.
//
// State writes are conditional on the generation last read
// (ifGenerationMatch), or on the object's absence (ifGenerationMatch=0),
// so a stale writer fails with state.ErrStale. The lock is the object
// PREFIX/default.tflock created with a does-not-exist precondition; its
// generation at creation is the lock ID. Renewals and the takeover of an
// expired lock rewrite it on condition of the generation read. History is
// the object's generations when the bucket keeps versions, else a
// PREFIX/default.tfstate.backup copy made before each write.
// docs/remote-state.md describes the rules and what the emulator can and
// cannot show.
//
// It imports the state vocabulary, the schema package (to declare its
// configuration block) and the Google Cloud Storage client only: never the
// planner, the executor, the CLI or a provider.
package gcs
