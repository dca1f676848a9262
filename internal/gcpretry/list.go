package gcpretry

import (
	"context"
	"errors"

	"cloud.google.com/go/storage"
	"google.golang.org/api/iterator"
)

// ListObjects returns every object of bucket that q selects, listed
// through do (Do, or a Call's Do with the caller's policy): a listing
// that fails on any page is started again from its beginning, so the
// result is one whole listing.
func ListObjects(ctx context.Context, do func(context.Context, func(context.Context) error) error,
	bucket *storage.BucketHandle, q *storage.Query) ([]*storage.ObjectAttrs, error) {
	var all []*storage.ObjectAttrs
	err := do(ctx, func(ctx context.Context) error {
		all = all[:0]
		it := bucket.Objects(ctx, q)
		for {
			attrs, err := it.Next()
			if errors.Is(err, iterator.Done) {
				return nil
			}
			if err != nil {
				return err
			}
			all = append(all, attrs)
		}
	})
	return all, err
}
