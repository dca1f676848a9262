// Package modtest holds test helpers for module installation: real git
// repositories made with the git CLI and served over file://, git daemon
// and smart HTTP, archives, and a module registry (an httptest TLS server
// implementing service discovery, versions and download with
// X-Terraform-Get pointing at archives it also serves).
//
// Only tests import it. It imports the standard library and testing.
package modtest
