package aws

import (
	"errors"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/trueup/trueup/internal/awsretry"
)

// newRetryer is the SDK retryer of every client the provider makes
// (internal/awsretry, shared with the engine's AWS clients).
func newRetryer(maxRetries int) aws.Retryer { return awsretry.New(maxRetries, awsretry.Policy) }

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
