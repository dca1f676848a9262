package gcs

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"cloud.google.com/go/storage"
	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/state"
)

// maxStateSize bounds what Read accepts, so a wrong prefix pointing at a
// huge object fails instead of filling memory.
const maxStateSize = 512 << 20

// serialMeta is the object metadata that records a state object's serial,
// so that History need not download every version.
const serialMeta = "trueup-serial"

// Backend stores state in GCS. It is safe for concurrent use; two
// Backends on the same bucket and prefix act as two independent
// processes.
type Backend struct {
	cfg     Config
	log     hclog.Logger
	client  *storage.Client
	bucket  *storage.BucketHandle
	name    string // state object
	lockObj string

	mu sync.Mutex
	// seen is the stored object as last read or written by this Backend.
	seen seenObject
	// bucketChecked is set once the bucket is known to exist.
	bucketChecked bool
	// versioned caches whether the bucket keeps versions.
	versioned *bool
}

// seenObject is what Write's condition and checks are based on.
type seenObject struct {
	known      bool
	generation int64 // 0: the object did not exist
	lineage    string
	serial     uint64
	empty      bool // the state held no resources and no outputs
}

var (
	_ state.Backend   = (*Backend)(nil)
	_ state.Historian = (*Backend)(nil)
)

// New configures the backend on cfg.Workspace's state, and its storage
// client. It sends no request; the first Read reports a missing bucket or
// an unreachable endpoint. log receives retries and lock takeovers (nil
// discards).
func New(ctx context.Context, cfg Config, log hclog.Logger) (*Backend, error) {
	st, err := NewStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	return st.backend(cfg.Workspace), nil
}

// Close releases the storage client's connections (shared with the
// Store the Backend came from, and its other Backends).
func (b *Backend) Close() error { return b.client.Close() }

// String names the backend: `gcs backend "gs://bucket/prefix/default.tfstate"`.
func (b *Backend) String() string {
	return fmt.Sprintf("gcs backend %q", "gs://"+b.cfg.Bucket+"/"+b.name)
}

func (b *Backend) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{b}, args...)...)
}

// Read returns the stored state, or nil when the object does not exist.
// An object that is not a valid state document is an error (and a later
// Write will not overwrite it).
func (b *Backend) Read(ctx context.Context) (*state.State, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, gen, err := b.readObject(ctx, b.bucket.Object(b.name), maxStateSize+1)
	if errors.Is(err, storage.ErrObjectNotExist) {
		if err := b.checkBucket(ctx); err != nil {
			return nil, err
		}
		b.seen = seenObject{known: true}
		return nil, nil
	}
	if err != nil {
		return nil, b.wrap("read state", err)
	}
	if len(data) > maxStateSize {
		return nil, b.errorf("state object is larger than %d MiB: is the prefix right?", maxStateSize>>20)
	}
	st, err := b.cfg.Codec.Decode(data)
	if err != nil {
		return nil, b.errorf("state object is not valid state: %w", err)
	}
	b.seen = seenObject{known: true, generation: gen, lineage: st.Lineage, serial: st.Serial, empty: st.Empty()}
	return st, nil
}

// checkBucket tells a missing bucket from a missing object, once. A
// caller without storage.buckets.get permission is given the benefit of
// the doubt.
func (b *Backend) checkBucket(ctx context.Context) error {
	if b.bucketChecked {
		return nil
	}
	err := b.do(ctx, func(ctx context.Context) error {
		_, err := b.bucket.Attrs(ctx)
		return err
	})
	if errors.Is(err, storage.ErrBucketNotExist) {
		return b.wrap("read state", err)
	}
	if err != nil && !isForbidden(err) {
		return b.wrap("read state", err)
	}
	b.bucketChecked = true
	return nil
}

// Write stores s if the object is unchanged since this Backend last read
// or wrote it (a Backend that has not read expects no object), and s has
// the stored lineage and no lower serial. Otherwise it fails with an
// error wrapping state.ErrStale and nothing is written. Without
// versioning, the stored object is first copied to the .backup object.
func (b *Backend) Write(ctx context.Context, s *state.State) error {
	data, err := b.cfg.Codec.Encode(s)
	if err != nil {
		return b.errorf("%w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.checkSuccession(s); err != nil {
		return err
	}
	if b.seen.generation != 0 {
		if err := b.backup(ctx); err != nil {
			return err
		}
	}
	gen, err := b.put(ctx, data, s.Serial)
	if err != nil {
		return err
	}
	b.seen = seenObject{known: true, generation: gen, lineage: s.Lineage, serial: s.Serial, empty: s.Empty()}
	return nil
}

// checkSuccession refuses another lineage or a lower serial than seen.
func (b *Backend) checkSuccession(s *state.State) error {
	if b.seen.generation == 0 {
		return nil
	}
	return state.CheckSuccessionOver(b.String(), b.seen.lineage, b.seen.serial, b.seen.empty, s)
}

// put writes data conditional on b.seen and returns the new generation.
func (b *Backend) put(ctx context.Context, data []byte, serial uint64) (int64, error) {
	cond := storage.Conditions{DoesNotExist: true}
	if b.seen.generation != 0 {
		cond = storage.Conditions{GenerationMatch: b.seen.generation}
	}
	obj := b.bucket.Object(b.name).If(cond)
	var attrs *storage.ObjectAttrs
	err := b.do(ctx, func(ctx context.Context) (err error) {
		attrs, err = writeObject(ctx, obj, data, map[string]string{serialMeta: strconv.FormatUint(serial, 10)})
		return err
	})
	if isPreconditionFailed(err) {
		// A retried request whose first attempt landed also fails its
		// condition: the object then holds exactly our bytes.
		if gen, ok := b.landed(ctx, data); ok {
			return gen, nil
		}
		return 0, b.errorf("write state: the state object changed since it was read (another run wrote it): %w", state.ErrStale)
	}
	if err != nil {
		return 0, b.wrap("write state", err)
	}
	return attrs.Generation, nil
}

// landed reports whether the state object holds exactly data, with its
// generation.
func (b *Backend) landed(ctx context.Context, data []byte) (int64, bool) {
	var attrs *storage.ObjectAttrs
	err := b.do(ctx, func(ctx context.Context) (err error) {
		attrs, err = b.bucket.Object(b.name).Attrs(ctx)
		return err
	})
	if err != nil {
		return 0, false
	}
	sum := md5.Sum(data)
	return attrs.Generation, bytes.Equal(attrs.MD5, sum[:])
}

// writeObject uploads data to obj (with its conditions) in one request
// and returns the new object's attributes.
func writeObject(ctx context.Context, obj *storage.ObjectHandle, data []byte, meta map[string]string) (*storage.ObjectAttrs, error) {
	w := obj.NewWriter(ctx)
	w.ContentType = "application/json"
	w.Metadata = meta
	w.SendCRC32C = true
	w.CRC32C = crc32c(data)
	if _, err := w.Write(data); err != nil {
		_ = w.Close()
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return w.Attrs(), nil
}
