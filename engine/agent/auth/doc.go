// Package auth is the agent's access control: API tokens (random, shown
// once, stored as SHA-256 hashes, scoped read < operate < admin, expiring,
// revocable), dashboard sessions (signed cookies with a CSRF token, opened
// with an API token or through OIDC), the Host and Origin checks that stop
// DNS rebinding and cross-site requests, and the audit trail of who did
// what.
//
// Guard wraps the agent's HTTP handler: every request passes the Host
// check, state-changing ones the Origin check, and each route needs the
// scope Required names. The principal of an admitted request is in its
// context (FromContext).
//
// It imports the agent's store (for the token and audit records), the
// page renderer (htmlpage, for the sign-in form) and the standard library,
// never the agent's runtime or the web UI. Its store
// needs are the narrow Store interface, so that another store (PostgreSQL)
// can serve them.
package auth
