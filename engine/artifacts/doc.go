// Package artifacts is the vocabulary of artifact promotion: a Candidate
// build that a Source lists, the Policy that picks the newest matching one,
// and the Template that turns a candidate into the string a marker holds
// (and reads a marker's string back into a version and digest).
//
// Sources live in sub-packages (oci, s3src); the configuration syntax in
// config; markers in marker. This package imports none of them, nor the
// agent or the CLI.
package artifacts
