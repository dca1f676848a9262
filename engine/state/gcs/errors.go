package gcs

import (
	"errors"
	"fmt"
	"hash/crc32"
	"net"
	"net/http"

	"cloud.google.com/go/storage"
	"google.golang.org/api/googleapi"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func crc32c(data []byte) uint32 { return crc32.Checksum(data, castagnoli) }

// httpCode returns the HTTP status of a JSON API error, or 0.
func httpCode(err error) int {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return 0
}

// isPreconditionFailed reports a failed generation precondition.
func isPreconditionFailed(err error) bool {
	return err != nil && httpCode(err) == http.StatusPreconditionFailed
}

func isForbidden(err error) bool {
	c := httpCode(err)
	return c == http.StatusForbidden || c == http.StatusUnauthorized
}

// wrap names the backend and the operation, and says in words what the
// common failures mean. The client's own message follows; it never
// carries credentials.
func (b *Backend) wrap(op string, err error) error {
	var hint string
	var netErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, storage.ErrBucketNotExist),
		// Uploads answer 404 only for a missing bucket.
		httpCode(err) == http.StatusNotFound && !errors.Is(err, storage.ErrObjectNotExist):
		hint = fmt.Sprintf("bucket %q does not exist", b.cfg.Bucket)
	case httpCode(err) == http.StatusForbidden:
		hint = fmt.Sprintf("access denied to bucket %q: check the credentials and the bucket's IAM policy", b.cfg.Bucket)
	case httpCode(err) == http.StatusUnauthorized:
		hint = "the credentials were rejected"
	case errors.As(err, &netErr) || errors.As(err, &dnsErr):
		hint = "the storage endpoint is unreachable"
	}
	if hint != "" {
		return b.errorf("%s: %s: %w", op, hint, err)
	}
	return b.errorf("%s: %w", op, err)
}
