package gcs

import (
	"context"
	"io"
	"time"

	"cloud.google.com/go/storage"

	"github.com/trueup/trueup/internal/gcpretry"
	"github.com/trueup/trueup/internal/retry"
)

// retryPolicy is the waits between the tries of one request: gcpretry's
// (jitter, at least Retry-After), with MaxRetries retries and waits capped
// at RetryMaxBackoff when set.
func (b *Backend) retryPolicy() retry.Policy {
	p := gcpretry.Policy
	switch {
	case b.cfg.MaxRetries > 0:
		p.Tries = b.cfg.MaxRetries + 1
	case b.cfg.MaxRetries < 0:
		p.Tries = 1
	default:
		p.Tries = DefaultMaxRetries + 1
	}
	if b.cfg.RetryMaxBackoff > 0 {
		p.Max = b.cfg.RetryMaxBackoff
		p.First = min(p.First, p.Max/10)
	}
	return p
}

// notifyRetry logs a retry at debug level.
func (b *Backend) notifyRetry(attempt int, err error, wait time.Duration) {
	b.log.Debug("retrying GCS request", "attempt", attempt, "error", err, "wait", wait)
}

// do runs one request of the backend through gcpretry: the storage client
// does not retry itself (newClient).
func (b *Backend) do(ctx context.Context, op func(ctx context.Context) error) error {
	c := gcpretry.Call{Policy: b.retryPolicy(), Notify: b.notifyRetry}
	return c.Do(ctx, op)
}

// readObject reads at most limit bytes of obj and its generation; a read
// cut off is tried again from the start.
func (b *Backend) readObject(ctx context.Context, obj *storage.ObjectHandle, limit int64) (data []byte, gen int64, err error) {
	err = b.do(ctx, func(ctx context.Context) error {
		r, err := obj.NewReader(ctx)
		if err != nil {
			return err
		}
		defer r.Close()
		if data, err = io.ReadAll(io.LimitReader(r, limit)); err != nil {
			return err
		}
		gen = r.Attrs.Generation
		return nil
	})
	return data, gen, err
}
