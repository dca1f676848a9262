// Package policy evaluates Rego policies against a plan, as conftest and
// Atlantis's policy checks do: the input is the plan in Terraform's
// `show -json` format, and every package's `deny`, `violation` and `warn`
// rules (and their `deny_*`, `violation_*`, `warn_*` variants) are
// queried. A result is a string message or an object with a `msg` (and
// optionally the `address` of the resource it is about). Policies run in
// process through the OPA Go library, not a subprocess.
//
// It imports OPA and the standard library only: it knows nothing of
// trueup's plans, which callers turn into JSON first.
package policy
