package forge

import (
	"errors"
	"fmt"
	"strings"
)

// Webhook parsing errors. The agent answers ErrUnauthorized with 401,
// ErrPayloadTooLarge with 413 and ErrMalformed with 400.
var (
	// ErrUnauthorized means a delivery's signature or token is missing or
	// wrong while a secret is configured.
	ErrUnauthorized = errors.New("webhook signature or token missing or invalid")
	// ErrPayloadTooLarge means the body passed MaxPayloadBytes.
	ErrPayloadTooLarge = errors.New("webhook payload too large")
	// ErrMalformed means the delivery could not be understood: a missing
	// event header or a body that is not the JSON it claims to be.
	ErrMalformed = errors.New("malformed webhook delivery")
)

// Error is a failed forge API call. Its message names the forge, the
// repository and the operation, and never contains the token.
type Error struct {
	Forge, Repo, Op string
	// StatusCode is the HTTP status of the failed response, or 0 when no
	// response was received.
	StatusCode int
	msg        string
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s: %s: %s", e.Forge, e.Repo, e.Op, e.msg)
}

// newError wraps cause for op, with every occurrence of each secret
// replaced, so that a server echoing a token back cannot leak it.
func newError(forgeName, repo, op string, status int, cause error, secrets ...string) *Error {
	return &Error{Forge: forgeName, Repo: repo, Op: op, StatusCode: status, msg: redact(cause.Error(), secrets...)}
}

// redact replaces each non-empty secret in s.
func redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}
