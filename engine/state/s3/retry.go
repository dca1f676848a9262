package s3

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/internal/retry"
)

// getBody gets an object and reads at most limit bytes of its body. The
// SDK retries a request that failed, but not a body cut off after the
// response began (the connection dropped): such an object is fetched
// again, waiting as internal/retry says, up to MaxRetries times. The
// GetObject error, when there is one, is returned as the SDK gave it.
func (b *Backend) getBody(ctx context.Context, in *s3.GetObjectInput, limit int64) (*s3.GetObjectOutput, []byte, error) {
	var (
		out  *s3.GetObjectOutput
		data []byte
	)
	p := retryPolicy(b.cfg)
	p.Tries = max(1, b.cfg.MaxRetries+1)
	if b.cfg.MaxRetries == 0 {
		p.Tries = DefaultMaxRetries + 1
	}
	p.Notify = func(attempt int, err error, _ time.Duration) {
		b.log.Debug("retrying S3 read cut off", "attempt", attempt, "error", err)
	}
	err := retry.Do(ctx, p, func(int) error {
		var err error
		if out, err = b.s3.GetObject(ctx, in); err != nil {
			return retry.Stop(err)
		}
		defer out.Body.Close()
		if data, err = io.ReadAll(io.LimitReader(out.Body, limit)); err != nil {
			return &bodyError{err}
		}
		return nil
	})
	var be *bodyError
	if errors.As(err, &be) {
		err = be.err
	}
	return out, data, err
}

// bodyError is a body read that failed.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }
