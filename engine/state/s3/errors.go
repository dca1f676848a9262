package s3

import (
	"errors"
	"fmt"
	"net"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// httpStatus returns the HTTP status of an SDK response error, or 0.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// apiCode returns the service's error code ("NoSuchKey"), or "".
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// isNotFound reports a missing object (or bucket: see isNoSuchBucket).
func isNotFound(err error) bool {
	if err == nil {
		return false
	}
	switch apiCode(err) {
	case "NoSuchKey", "NotFound", "NoSuchBucket":
		return true
	}
	return httpStatus(err) == http.StatusNotFound
}

// isAccessDenied reports a 403.
func isAccessDenied(err error) bool {
	if err == nil {
		return false
	}
	return apiCode(err) == "AccessDenied" || httpStatus(err) == http.StatusForbidden
}

// isNoSuchBucket reports a missing bucket.
func isNoSuchBucket(err error) bool { return apiCode(err) == "NoSuchBucket" }

// isPreconditionFailed reports a failed If-Match / If-None-Match, or S3's
// 409 for a conditional write that raced another.
func isPreconditionFailed(err error) bool {
	if err == nil {
		return false
	}
	switch apiCode(err) {
	case "PreconditionFailed", "ConditionalRequestConflict":
		return true
	}
	s := httpStatus(err)
	return s == http.StatusPreconditionFailed || s == http.StatusConflict
}

// conditionFailed reports that a conditional request (If-Match) found
// the object changed or gone: moto answers If-Match on a missing object
// with 404, S3 with 412.
func conditionFailed(err error) bool {
	return isPreconditionFailed(err) || (isNotFound(err) && !isNoSuchBucket(err))
}

// wrap names the backend and the operation, and says in words what the
// common failures mean. The SDK's own message follows; it carries the
// request ID, never credentials.
func (b *Backend) wrap(op string, err error) error {
	var hint string
	var netErr *net.OpError
	var dnsErr *net.DNSError
	switch code := apiCode(err); {
	case code == "NoSuchBucket":
		hint = fmt.Sprintf("bucket %q does not exist", b.bucket)
	case isAccessDenied(err) || code == "Forbidden":
		hint = fmt.Sprintf("access denied to bucket %q: check the credentials and the bucket policy", b.bucket)
	case code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" || code == "ExpiredToken" || code == "InvalidToken":
		hint = "the credentials were rejected"
	case errors.As(err, &netErr) || errors.As(err, &dnsErr):
		hint = "the endpoint is unreachable"
	}
	if hint != "" {
		return b.errorf("%s: %s: %w", op, hint, err)
	}
	return b.errorf("%s: %w", op, err)
}
