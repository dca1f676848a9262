// Package depsfile reads and writes the dependency lock file,
// .terraform.lock.hcl, in exactly the layout Terraform writes, so that
// trueup and Terraform can share one file: one provider block per provider
// sorted by address, with version, constraints and hashes.
//
// It imports engine/getproviders for addresses, versions and hashes, and
// nothing else of the engine.
package depsfile
