package forge

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/go-hclog"
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
// transient, the attempts run out or ctx ends. It returns fn's last error
// without the transient wrapper.
func (p retryPolicy) do(ctx context.Context, log hclog.Logger, op string, fn func() error) error {
	wait := p.Backoff
	for attempt := 1; ; attempt++ {
		err := fn()
		var t *transientError
		if !errors.As(err, &t) {
			return err
		}
		if attempt >= p.Attempts {
			return t.err
		}
		d := max(wait, t.after)
		if d > p.MaxWait {
			d = p.MaxWait
		}
		log.Debug("retrying after a transient failure", "op", op, "attempt", attempt, "wait", d, "error", t.err.Error())
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return t.err
		case <-timer.C:
		}
		wait *= 2
	}
}
