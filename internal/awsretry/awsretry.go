// Package awsretry is the AWS SDK retryer of every AWS client trueup
// makes (the aws provider, the s3 state backend, the aws_kms key
// provider, module downloads from S3): the SDK's standard retryer decides
// what to retry (throttling, 5xx, connection errors, a body cut off) and
// how often; internal/retry decides how long to wait, with jitter and at
// least the server's Retry-After (docs/retry.md).
//
// It sits beside internal/retry, below engine/ and providers/, and
// imports nothing of trueup's but internal/retry.
package awsretry

import (
	"errors"
	"io"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/trueup/trueup/internal/retry"
)

// Policy is the wait between the SDK's tries of one call: 200ms doubling
// to 20s, ±50%, at least Retry-After (capped at Max).
var Policy = retry.Policy{First: 200 * time.Millisecond, Max: 20 * time.Second, Jitter: 0.5}

// New is a standard retryer making at most maxRetries retries (0: none)
// whose waits are p's (Policy when p is the zero Policy). Client-side
// retry quotas are off: under a burst of throttling they made calls fail
// with "retry quota exceeded" long before maxRetries.
func New(maxRetries int, p retry.Policy) aws.Retryer {
	if p.First == 0 {
		p = Policy
	}
	return awsretry.NewStandard(func(o *awsretry.StandardOptions) {
		o.MaxAttempts = maxRetries + 1
		o.Backoff = backoff{p}
		if p.Max > 0 {
			o.MaxBackoff = p.Max
		}
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

// backoff makes the SDK wait as its policy says.
type backoff struct{ p retry.Policy }

// BackoffDelay is the wait after the attempt-th try failed with err.
func (b backoff) BackoffDelay(attempt int, err error) (time.Duration, error) {
	return b.p.Wait(attempt, RetryAfter(err)), nil
}

// RetryAfter is the Retry-After of the response that err carries, or 0.
func RetryAfter(err error) time.Duration {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return retry.RetryAfter(re.Response.Header)
	}
	return 0
}
