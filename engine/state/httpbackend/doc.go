// Package httpbackend stores state over Terraform's http backend protocol:
// GET, POST and DELETE on the state's address, and LOCK and UNLOCK (or the
// methods configured) on its lock address, as GitLab's managed Terraform
// state and other REST endpoints serve it. The names of its settings and
// environment variables (TF_HTTP_ADDRESS, ...) are Terraform's.
//
// The protocol has no conditional write: a Write reads the stored state
// first and refuses (state.ErrStale) when it is not what this backend last
// read or wrote, and refuses another lineage or a lower serial, so a stale
// or foreign writer is caught except in the instant between the two calls;
// the lock, when the endpoint has one, closes that gap. It keeps one
// workspace, "default", as Terraform's does, and neither leases nor
// history: a lock is held until it is released (force-unlock frees a
// stuck one), and Renew does nothing.
package httpbackend
