package retry

import (
	"time"

	"github.com/cenkalti/backoff/v5"
)

// policyBackOff is backoff's exponential waits with the two rules it does
// not have: a server's hint (After) lengthens the next wait, and a
// deadline shortens it.
type policyBackOff struct {
	exp      *backoff.ExponentialBackOff
	max      time.Duration
	deadline time.Time
	// hint is the After of the last failure, for the next wait only.
	hint time.Duration
}

func newBackOff(p Policy) *policyBackOff {
	mult := p.Multiplier
	if mult == 0 {
		mult = 2
	}
	b := &policyBackOff{max: p.Max, exp: &backoff.ExponentialBackOff{
		InitialInterval: p.First, RandomizationFactor: p.Jitter, Multiplier: mult, MaxInterval: p.Max}}
	if b.exp.MaxInterval <= 0 {
		b.exp.MaxInterval = backoff.DefaultMaxInterval
	}
	if p.Timeout > 0 {
		b.deadline = time.Now().Add(p.Timeout)
	}
	return b
}

// take records the hint of an operation's error and returns the error for
// backoff, After's wrapper removed (backoff must not see a RetryAfter).
func (b *policyBackOff) take(err error) error {
	b.hint = 0
	if a, ok := err.(*afterError); ok {
		b.hint = a.d
		if b.max > 0 {
			b.hint = min(b.hint, b.max)
		}
		return a.err
	}
	return err
}

// Reset starts the waits again from the first.
func (b *policyBackOff) Reset() { b.exp.Reset() }

// NextBackOff is the wait before the next try, or backoff.Stop when the
// deadline has passed.
func (b *policyBackOff) NextBackOff() time.Duration {
	next := max(b.exp.NextBackOff(), b.hint)
	if b.deadline.IsZero() {
		return next
	}
	left := time.Until(b.deadline)
	if left <= 0 {
		return backoff.Stop
	}
	return min(next, left)
}
