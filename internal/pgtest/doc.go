// Package pgtest starts a real PostgreSQL server for tests, from the
// initdb and pg_ctl binaries on the machine, in a temporary directory,
// listening on 127.0.0.1 with trust authentication. There is no mock:
// the backends and the agent store run against the server that
// production uses. A test that needs it fails, never skips, when the
// binaries are missing (scripts/test-deps.sh installs them).
//
// It imports only the standard library and pgx.
package pgtest
