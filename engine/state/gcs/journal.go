package gcs

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"cloud.google.com/go/storage"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/gcpretry"
)

// The journal (docs/state.md, "The journal in an object store") is
// state.StoreJournal's; objectStore is its adapter to GCS: each append is
// one object, NAME.journal/GENERATION/SEQ (state.JournalObjectName),
// GENERATION being the stored document's, created with
// ifGenerationMatch=0 so that two writers never both write append SEQ.
// An object's identity is its generation.

var (
	_ state.Journaler   = (*Backend)(nil)
	_ state.ObjectStore = objectStore{}
)

var _ state.JournalInspector = (*Backend)(nil)

// newJournal returns the journal of b's state object.
func (b *Backend) newJournal() state.StoreJournal {
	return state.StoreJournal{
		Store:  objectStore{b},
		Key:    b.name,
		URL:    "gs://" + b.cfg.Bucket + "/",
		Codec:  b.cfg.Codec,
		Errorf: b.errorf,
		Wrap:   b.wrap,
		Warn:   b.log.Warn,
	}
}

// objectStore is the state.ObjectStore of b's bucket; every request is
// retried as b.do says (the conditions make them safe to retry).
type objectStore struct{ b *Backend }

// notFound marks a missing object as state.ErrObjectNotFound.
func notFound(err error) error {
	if errors.Is(err, storage.ErrObjectNotExist) {
		return fmt.Errorf("%w: %w", state.ErrObjectNotFound, err)
	}
	return err
}

func (o objectStore) PutIfAbsent(ctx context.Context, name string, data []byte, meta map[string]string) (string, error) {
	b := o.b
	obj := b.stateObject(name).If(storage.Conditions{DoesNotExist: true})
	var gen int64
	err := b.do(ctx, func(ctx context.Context) error {
		attrs, err := writeObject(ctx, obj, data, meta, b.cfg.KMSEncryptionKey)
		if err == nil && attrs != nil {
			gen = attrs.Generation
		}
		return err
	})
	if isPreconditionFailed(err) {
		return "", fmt.Errorf("%w: %w", state.ErrObjectExists, err)
	}
	if err != nil || gen == 0 {
		return "", err
	}
	return strconv.FormatInt(gen, 10), nil
}

func (o objectStore) Head(ctx context.Context, name string) (state.ObjectInfo, error) {
	b := o.b
	var attrs *storage.ObjectAttrs
	err := b.do(ctx, func(ctx context.Context) (err error) {
		attrs, err = b.stateObject(name).Attrs(ctx)
		return err
	})
	if err != nil {
		return state.ObjectInfo{}, notFound(err)
	}
	return state.ObjectInfo{ID: strconv.FormatInt(attrs.Generation, 10), Meta: attrs.Metadata}, nil
}

func (o objectStore) List(ctx context.Context, prefix string) ([]state.JournalObject, error) {
	b := o.b
	listed, err := gcpretry.ListObjects(ctx, b.do, b.bucket, &storage.Query{Prefix: prefix})
	if err != nil {
		return nil, err
	}
	objs := make([]state.JournalObject, 0, len(listed))
	for _, a := range listed {
		objs = append(objs, state.JournalObject{Name: a.Name, ID: strconv.FormatInt(a.Generation, 10)})
	}
	return objs, nil
}

func (o objectStore) Get(ctx context.Context, name string) ([]byte, error) {
	data, _, err := o.b.readObject(ctx, o.b.stateObject(name), maxStateSize+1)
	return data, err
}

func (o objectStore) Copy(ctx context.Context, from, to string) error {
	b := o.b
	dst := b.stateObject(to)
	return notFound(b.do(ctx, func(ctx context.Context) error {
		c := dst.CopierFrom(b.stateObject(from))
		c.DestinationKMSKeyName = b.cfg.KMSEncryptionKey
		_, err := c.Run(ctx)
		return err
	}))
}

// Delete deletes names, state.ForEach's number at a time (GCS has no
// batch delete in the JSON API client).
func (o objectStore) Delete(ctx context.Context, names []string) error {
	b := o.b
	return state.ForEach(ctx, len(names), func(ctx context.Context, i int) error {
		err := b.do(ctx, func(ctx context.Context) error { return b.bucket.Object(names[i]).Delete(ctx) })
		if err != nil && !errors.Is(err, storage.ErrObjectNotExist) {
			return fmt.Errorf("delete %s: %w", names[i], err)
		}
		return nil
	})
}
