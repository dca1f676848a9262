package aws

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// bodyCheckID is the SDK's check, on every S3 call, for an error document
// in a 200 answer's body: S3 may answer a failed call with 200 and an
// <Error> document, which the check turns into a 500 for the retryer.
const bodyCheckID = "S3:ProcessResponseFor200Error"

// bodyCheckOnlyWithBody has the SDK's check of an S3 call skip an answer
// without a body (a HEAD's, a PutObject's: net/http says so with
// http.NoBody, or Content-Length says 0). The check builds an XML decoder
// and a 4 KiB buffer for every answer, and an empty body passes it
// unchanged; those were 4 KB of garbage and a tenth of the SDK's
// allocations for each object an apply uploads or a refresh reads. An
// answer with a body still goes through the SDK's own check. A call
// without the check (GetObject, whose answer is the object) is left as
// it is.
func bodyCheckOnlyWithBody(stack *middleware.Stack) error {
	check, ok := stack.Deserialize.Get(bodyCheckID)
	if !ok {
		return nil
	}
	_, err := stack.Deserialize.Swap(bodyCheckID, skipWithoutBody{check})
	return err
}

// skipWithoutBody runs check on answers that have a body.
type skipWithoutBody struct {
	check middleware.DeserializeMiddleware
}

// ID is the wrapped check's, so that options that name it still find it.
func (s skipWithoutBody) ID() string { return s.check.ID() }

// HandleDeserialize sends the request on, then hands the answer to the
// check unless it has no body.
func (s skipWithoutBody) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if err != nil || !hasBody(out.RawResponse) {
		return out, md, err
	}
	return s.check.HandleDeserialize(ctx, in, answered{out, md})
}

// hasBody reports whether raw, an HTTP answer, may have a body; anything
// else is left to the check, which reports it.
func hasBody(raw any) bool {
	resp, ok := raw.(*smithyhttp.Response)
	return !ok || resp.Body != http.NoBody && resp.ContentLength != 0
}

// answered is a handler that has already answered, without an error:
// the check's next step, given the answer next made.
type answered struct {
	out middleware.DeserializeOutput
	md  middleware.Metadata
}

func (a answered) HandleDeserialize(context.Context, middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
	return a.out, a.md, nil
}

// withBodyCheckOnlyWithBody is an S3 client option applying
// bodyCheckOnlyWithBody to each of its calls.
func withBodyCheckOnlyWithBody(o *s3.Options) {
	o.APIOptions = append(o.APIOptions, bodyCheckOnlyWithBody)
}
