package aws

import (
	"errors"
	"io"
	"slices"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/trueup/trueup/internal/retry"
)

// sdkRetryPolicy is the wait between the SDK's tries of one call: the
// SDK decides what to retry (throttling, 5xx, connection errors) and how
// often (max_retries); internal/retry decides how long to wait, with
// jitter and at least the server's Retry-After (docs/retry.md).
var sdkRetryPolicy = retry.Policy{First: 200 * time.Millisecond, Max: 20 * time.Second, Jitter: 0.5}

// newRetryer is the SDK retryer of every client the provider makes.
// Client-side retry quotas are off: under a burst of throttling they made
// calls fail with "retry quota exceeded" long before max_retries.
func newRetryer(maxRetries int) aws.Retryer {
	return awsretry.NewStandard(func(o *awsretry.StandardOptions) {
		o.MaxAttempts = maxRetries + 1
		o.Backoff = sdkBackoff{}
		o.RateLimiter = ratelimit.None
		// A response cut off in its body (the connection dropped) is
		// retried like one that never came.
		o.Retryables = append(slices.Clone(o.Retryables), awsretry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return aws.TrueTernary
			}
			return aws.UnknownTernary
		}))
	})
}

// sdkBackoff makes the SDK wait as sdkRetryPolicy says.
type sdkBackoff struct{}

// BackoffDelay is the wait after the attempt-th try failed with err.
func (sdkBackoff) BackoffDelay(attempt int, err error) (time.Duration, error) {
	return sdkRetryPolicy.Wait(attempt, retryAfter(err)), nil
}

// retryAfter is the Retry-After of the response that err carries, or 0.
func retryAfter(err error) time.Duration {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return retry.RetryAfter(re.Response.Header)
	}
	return 0
}

// ambiguity notes whether a call's retries hid a try whose outcome is
// unknown: it failed with no response (the connection dropped), so the
// service may have done it. A create whose retry then says "already
// exists" made the object itself. Pass its option to the one call.
type ambiguity struct{ seen atomic.Bool }

// watch wraps r so that a retried try that got no response is noted.
func (a *ambiguity) watch(r aws.Retryer) aws.Retryer { return ambiguousRetryer{r, a} }

type ambiguousRetryer struct {
	aws.Retryer
	a *ambiguity
}

// IsErrorRetryable notes a retried try that failed without an error
// status: no response, or a success whose body was cut off.
func (r ambiguousRetryer) IsErrorRetryable(err error) bool {
	ok := r.Retryer.IsErrorRetryable(err)
	var re *smithyhttp.ResponseError
	if ok && (!errors.As(err, &re) || re.HTTPStatusCode() < 300) {
		r.a.seen.Store(true)
	}
	return ok
}

// madeByUs reports whether err, a create's "already exists", is about
// the object an earlier try of the same call made.
func (a *ambiguity) madeByUs(err error, codes ...string) bool {
	return err != nil && a.seen.Load() && hasCode(err, codes...)
}
