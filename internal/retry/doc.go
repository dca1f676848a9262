// Package retry is trueup's one way to try an operation again: exponential
// waits with jitter, bounded by tries or a deadline, ended by a context.
// It is a thin layer over github.com/cenkalti/backoff/v5 that adds what
// trueup's callers share: a server's Retry-After hint (After), a deadline
// that shortens the last wait so that a last try comes when it passes
// (Policy.Timeout), and the last error of the operation kept when the
// context ends (Interrupted).
//
// Both the engine and the providers use it, so it lives here, below both:
// it imports only backoff and the standard library, and must never import
// anything of trueup's.
package retry
