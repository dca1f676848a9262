package forge

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/internal/retry"
)

// retryPolicy bounds how often and how long a call is retried.
type retryPolicy struct {
	// Attempts is the number of tries, including the first.
	Attempts int
	// Backoff is the first wait; it doubles after each try.
	Backoff time.Duration
	// MaxWait caps a single wait, including a server's Retry-After.
	MaxWait time.Duration
}

// defaultRetry is used by the clients and NotifyWebhook; tests shorten it.
var defaultRetry = retryPolicy{Attempts: 4, Backoff: 500 * time.Millisecond, MaxWait: 60 * time.Second}

// transientError marks an error worth retrying: a 5xx answer, a secondary
// rate limit, or a connection that failed. after is the server's
// Retry-After, when it gave one.
type transientError struct {
	err   error
	after time.Duration
}

func (t *transientError) Error() string { return t.err.Error() }
func (t *transientError) Unwrap() error { return t.err }

// retryable wraps err so that do tries again.
func retryable(err error, after time.Duration) error { return &transientError{err: err, after: after} }

// do runs fn until it succeeds, fails with an error that is not
// transient, the attempts run out or ctx ends, waiting between tries as
// retry.Do does (doubling from Backoff, ±20% jitter, a server's
// Retry-After honoured up to MaxWait). It returns fn's last error without
// the transient wrapper.
func (p retryPolicy) do(ctx context.Context, log hclog.Logger, op string, fn func() error) error {
	policy := retry.Policy{First: p.Backoff, Max: p.MaxWait, Jitter: 0.2, Tries: p.Attempts,
		Notify: func(attempt int, err error, wait time.Duration) {
			log.Debug("retrying after a transient failure", "op", op, "attempt", attempt, "wait", wait, "error", err.Error())
		}}
	err := retry.Do(ctx, policy, func(int) error {
		err := fn()
		var t *transientError
		if !errors.As(err, &t) {
			return retry.Stop(err)
		}
		return retry.After(t.err, t.after)
	})
	var interrupted *retry.Interrupted
	if errors.As(err, &interrupted) {
		return interrupted.Last
	}
	return err
}

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}
