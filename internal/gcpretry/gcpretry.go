// Package gcpretry is how trueup retries a Google Cloud call: the client
// libraries' own retries are turned off (NoStorageRetries, NoGaxRetries)
// and each call site goes through Do, which waits as internal/retry says,
// with jitter and at least the server's Retry-After (an HTTP header of a
// *googleapi.Error, or a gRPC status's RetryInfo). See docs/retry.md.
//
// It sits beside internal/retry, below engine/ and providers/, and
// imports nothing of trueup's but internal/retry.
package gcpretry

import (
	"context"
	"errors"
	"time"

	"cloud.google.com/go/storage"
	"github.com/googleapis/gax-go/v2"
	"google.golang.org/api/googleapi"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/trueup/trueup/internal/retry"
)

// Policy is the waits between the tries of one call: 200ms doubling to
// 20s, ±50%, at least Retry-After (capped at Max), 8 tries.
var Policy = retry.Policy{First: 200 * time.Millisecond, Max: 20 * time.Second, Jitter: 0.5, Tries: 8}

// NoStorageRetries is the Cloud Storage client's retry setting under Do:
// none, so that every wait is Do's. Use client.SetRetry(NoStorageRetries).
var NoStorageRetries = storage.WithPolicy(storage.RetryNever)

// NoGaxRetries is the call option that turns off a gapic client's own
// retries (its default CallOptions retry UNAVAILABLE with gax backoff).
func NoGaxRetries() gax.CallOption {
	return gax.WithRetry(func() gax.Retryer { return nil })
}

// Call is one logical call's tries. Its zero value is ready; Do uses one
// internally, DoCall when the caller needs Ambiguous afterwards.
type Call struct {
	// Policy overrides the package's Policy when its Tries is not 0.
	Policy retry.Policy
	// Notify, when set, is told of each retry (for debug logs).
	Notify func(attempt int, err error, wait time.Duration)
	// ambiguous: a try failed with no answer from the service (the
	// connection dropped, or a gRPC UNAVAILABLE/DEADLINE_EXCEEDED), so it
	// may have been done.
	ambiguous bool
}

// Ambiguous reports whether an earlier try may have been carried out
// although it failed: a create whose retry then hears "already exists"
// (409, ALREADY_EXISTS) or a conditional write whose retry fails its
// precondition (412) may have met its own first try.
func (c *Call) Ambiguous() bool { return c.ambiguous }

// Do calls op until it succeeds, fails with an error not worth another
// try, runs out of tries, or ctx ends; it returns op's last error (when
// ctx ended, the error of retry.Do, which unwraps to both).
func Do(ctx context.Context, op func(ctx context.Context) error) error {
	var c Call
	return c.Do(ctx, op)
}

// Do is the package's Do on c, which keeps whether a try was ambiguous.
func (c *Call) Do(ctx context.Context, op func(ctx context.Context) error) error {
	p := Policy
	if c.Policy.Tries != 0 {
		p = c.Policy
	}
	if c.Notify != nil {
		p.Notify = c.Notify
	}
	return retry.Do(ctx, p, func(int) error {
		err := op(ctx)
		if err != nil && ctx.Err() != nil {
			return retry.Stop(err)
		}
		out := Classify(err)
		if out != nil && Retryable(err) && noAnswer(err) {
			c.ambiguous = true
		}
		return out
	})
}

// Retryable reports whether err is worth another try: what the storage
// client retries (408, 429, 5xx, dropped connections, a body cut off;
// gRPC UNAVAILABLE, RESOURCE_EXHAUSTED, INTERNAL, DEADLINE_EXCEEDED).
func Retryable(err error) bool { return storage.ShouldRetry(err) }

// Classify is err as retry.Do's operation returns it: nil, retry.Stop for
// an error not worth another try, retry.After with the server's
// Retry-After when it gave one, or err.
func Classify(err error) error {
	switch {
	case err == nil:
		return nil
	case !Retryable(err):
		return retry.Stop(err)
	}
	if d := RetryAfter(err); d > 0 {
		return retry.After(err, d)
	}
	return err
}

// RetryAfter is the wait the service asked for in err, or 0: the
// Retry-After header of an HTTP error, the RetryInfo of a gRPC status.
func RetryAfter(err error) time.Duration {
	var ge *googleapi.Error
	if errors.As(err, &ge) && ge.Header != nil {
		return retry.RetryAfter(ge.Header)
	}
	if st, ok := status.FromError(err); ok {
		for _, d := range st.Details() {
			if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay() != nil {
				return ri.GetRetryDelay().AsDuration()
			}
		}
	}
	return 0
}

// noAnswer reports whether a retryable err came without an answer from
// the service, so that the try may have been done: no HTTP status (a
// dropped connection, a body cut off), or a gRPC status that does not say
// the request was refused.
func noAnswer(err error) bool {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return false
	}
	if st, ok := status.FromError(err); ok && st.Code() != codes.Unknown {
		return st.Code() == codes.Unavailable || st.Code() == codes.DeadlineExceeded || st.Code() == codes.Internal
	}
	return true
}
