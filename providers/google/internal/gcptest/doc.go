// Package gcptest starts the real test servers the google provider's tests
// talk to: Google's Pub/Sub emulator (gcloud beta emulators pubsub) as a
// subprocess in its own process group, and fake-gcs-server in-process on
// a real loopback HTTP listener. It never skips: a missing gcloud or
// emulator component is a test failure with the command that fixes it.
//
// It is for tests only and imports no trueup package.
package gcptest
