package aws

import (
	"errors"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// apiMessage is the cloud's own words for err: "Code: message" for API
// errors, the error text otherwise.
func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		if msg := ae.ErrorMessage(); msg != "" {
			return ae.ErrorCode() + ": " + msg
		}
		return ae.ErrorCode()
	}
	return err.Error()
}

// errorCode is the API error code of err, or "".
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// hasCode reports whether err is an API error with one of codes.
func hasCode(err error, codes ...string) bool {
	c := errorCode(err)
	for _, want := range codes {
		if c == want {
			return true
		}
	}
	return false
}

// httpStatus is the HTTP status of a failed call, or 0.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// isNotFound reports whether err says the object does not exist: one of
// codes, or a bare 404 (HEAD requests carry no error code).
func isNotFound(err error, codes ...string) bool {
	if err == nil {
		return false
	}
	return hasCode(err, codes...) || httpStatus(err) == http.StatusNotFound
}

// apiDiag turns a failed call into an error diagnostic naming the
// attribute at fault (path may be nil) and carrying the cloud's message.
// It returns nil for a nil err.
func apiDiag(err error, path cty.Path, summary string) schema.Diagnostics {
	if err == nil {
		return nil
	}
	return schema.Errorf(path, summary, apiMessage(err))
}

// attrPath is the path of a top-level attribute.
func attrPath(name string) cty.Path { return cty.GetAttrPath(name) }
