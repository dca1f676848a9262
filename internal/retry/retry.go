package retry

import (
	"context"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Policy says how often an operation is tried and how long Do waits
// between tries.
type Policy struct {
	// First is the first wait; each next is Multiplier times the last, up
	// to Max.
	First time.Duration
	// Max caps the wait before jitter, and a server's hint (After).
	Max time.Duration
	// Multiplier grows the wait; 0 means 2 (doubling).
	Multiplier float64
	// Jitter randomises each wait by up to ±Jitter of it (0.2 = ±20%) so
	// that contenders spread out; 0 means none.
	Jitter float64
	// Tries bounds the calls of the operation, the first included; 0
	// means no bound.
	Tries int
	// Timeout bounds the time from the first call: a wait that would pass
	// it is shortened to end at it, and no try starts after it. 0 means no
	// bound.
	Timeout time.Duration
	// Notify, when set, is told of each retry: the attempt that failed
	// (from 1), its error and the wait before the next.
	Notify func(attempt int, err error, wait time.Duration)
}

// Do calls op, with attempt counting from 1, until it returns nil or an
// error made by Stop, the tries or the time run out, or ctx ends. It
// returns op's last error, without Stop's or After's wrapper; when ctx
// ended before op stopped failing, an *Interrupted holding it. Each wait
// ends early when ctx ends.
func Do(ctx context.Context, p Policy, op func(attempt int) error) error {
	b := newBackOff(p)
	var (
		attempt       int
		lastRaw, last error
	)
	opts := []backoff.RetryOption{backoff.WithBackOff(b), backoff.WithMaxElapsedTime(0)}
	if p.Tries > 0 {
		opts = append(opts, backoff.WithMaxTries(uint(p.Tries)))
	}
	if p.Notify != nil {
		opts = append(opts, backoff.WithNotify(func(_ error, wait time.Duration) { p.Notify(attempt, last, wait) }))
	}
	_, err := backoff.Retry(ctx, func() (struct{}, error) {
		attempt++
		lastRaw = b.take(op(attempt))
		last = unwrap(lastRaw)
		return struct{}{}, lastRaw
	}, opts...)
	switch {
	case err == nil:
		return nil
	case err != lastRaw && err != last:
		// backoff.Retry returns the context's cause: keep op's error too.
		return &Interrupted{Cause: err, Last: last}
	}
	return last
}

// Stop wraps err so that Do returns it at once, without trying again.
// Stop(nil) is nil.
func Stop(err error) error { return backoff.Permanent(err) }

// After wraps err, to be tried again, so that the next wait is at least d
// (a server's Retry-After), capped at the policy's Max.
func After(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return &afterError{err: err, d: d}
}

type afterError struct {
	err error
	d   time.Duration
}

func (e *afterError) Error() string { return e.err.Error() }
func (e *afterError) Unwrap() error { return e.err }

// Interrupted is Do's error when its context ended while the operation
// was still failing: Cause is the context's, Last the operation's last.
type Interrupted struct {
	Cause error
	Last  error
}

// Error names both.
func (e *Interrupted) Error() string {
	return e.Cause.Error() + " (last error: " + e.Last.Error() + ")"
}

// Unwrap returns both, so that errors.Is(err, context.Canceled) and
// errors.As on the operation's error type work.
func (e *Interrupted) Unwrap() []error { return []error{e.Cause, e.Last} }

// unwrap strips Stop's and After's wrappers.
func unwrap(err error) error {
	if p, ok := err.(*backoff.PermanentError); ok {
		err = p.Err
	}
	if a, ok := err.(*afterError); ok {
		err = a.err
	}
	return err
}
