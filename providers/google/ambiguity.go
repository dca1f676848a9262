package google

import (
	"errors"
	"net/http"
	"sync/atomic"

	"cloud.google.com/go/storage"
	"google.golang.org/api/googleapi"
)

// ambiguity notes whether the Cloud Storage client's retries of one call
// hid a try whose outcome is unknown: it failed without an error status
// (the connection dropped), so the service may have done it. A create
// whose retry then hears 409 made the object itself.
type ambiguity struct{ seen atomic.Bool }

// retryOption is the call's retry rule: the client's own, watched.
func (a *ambiguity) retryOption() storage.RetryOption {
	return storage.WithErrorFunc(func(err error) bool {
		retry := storage.ShouldRetry(err)
		var ge *googleapi.Error
		if retry && !errors.As(err, &ge) {
			a.seen.Store(true)
		}
		return retry
	})
}

// madeByUs reports whether err, a create's conflict, is about the object
// an earlier try of the same call made.
func (a *ambiguity) madeByUs(err error) bool {
	var ge *googleapi.Error
	return a.seen.Load() && errors.As(err, &ge) && ge.Code == http.StatusConflict
}
