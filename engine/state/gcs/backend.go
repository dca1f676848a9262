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
	// csek is encryption_key decoded: the customer-supplied key of the
	// state objects (stateObject), nil without one.
	csek []byte

	mu sync.Mutex
	// seen is the stored object as last read or written by this Backend.
	seen seenObject
	// bucketChecked is set once the bucket is known to exist.
	bucketChecked bool
	// versioned caches whether the bucket keeps versions.
	versioned *bool
	// lockID is the lock this Backend took (Lock), "" when it holds none:
	// a holder sets aside journals that do not match the stored state.
	lockID string
	// journal is the journal of the state object, which knows the
	// appends of the journal of seen.
	journal state.StoreJournal
	// LockedJournal is the Journaler and JournalInspector methods over
	// journal, under mu.
	state.LockedJournal
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

// Read returns the stored state, with the journal relative to it
// replayed, or nil when the object does not exist. An object that is not
// a valid state document is an error (and a later Write will not
// overwrite it). The journal's part (state.StoreJournal.Read) lists the
// journals concurrently with the read, replays the one relative to the
// generation read and settles the others.
func (b *Backend) Read(ctx context.Context) (*state.State, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.journal.Read(ctx, b.lockID != "", func(ctx context.Context) (state.JournalDoc, error) {
		data, gen, err := b.readObject(ctx, b.stateObject(b.name), maxStateSize+1)
		if errors.Is(err, storage.ErrObjectNotExist) {
			if err := b.checkBucket(ctx); err != nil {
				return state.JournalDoc{}, err
			}
			return state.JournalDoc{Seen: func(*state.State) { b.seen = seenObject{known: true} }}, nil
		}
		if err != nil {
			return state.JournalDoc{}, b.wrap("read state", err)
		}
		if len(data) > maxStateSize {
			return state.JournalDoc{}, b.errorf("state object is larger than %d MiB: is the prefix right?", maxStateSize>>20)
		}
		st, err := b.cfg.Codec.Decode(data)
		if err != nil {
			return state.JournalDoc{}, b.errorf("state object is not valid state: %w", err)
		}
		id := strconv.FormatInt(gen, 10)
		return state.JournalDoc{
			State:  st,
			Base:   id,
			ID:     id,
			Folded: func(ctx context.Context) (string, error) { return b.folded(ctx, gen) },
			Seen: func(st *state.State) {
				b.seen = seenObject{known: true, generation: gen, lineage: st.Lineage, serial: st.Serial, empty: st.Empty()}
			},
		}, nil
	})
}

// folded returns the state.JournalFoldedMeta value of generation gen of
// the state object ("" when it is gone): the read does not return
// metadata, so it is asked only when there is a journal of another
// generation.
func (b *Backend) folded(ctx context.Context, gen int64) (string, error) {
	var meta map[string]string
	err := b.do(ctx, func(ctx context.Context) error {
		attrs, err := b.stateObject(b.name).Generation(gen).Attrs(ctx)
		if err == nil {
			meta = attrs.Metadata
		}
		return err
	})
	if err != nil && !errors.Is(err, storage.ErrObjectNotExist) {
		return "", b.wrap("read state metadata", err)
	}
	return state.MetaValue(meta, state.JournalFoldedMeta), nil
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
// or wrote it (a Backend that has not read expects no object), its
// journal is exactly the appends this Backend read and appended
// (state.StoreJournal.BeforeWrite), and s has the stored lineage and no lower serial.
// Otherwise it fails with an error wrapping state.ErrStale and nothing is
// written. Without versioning, the stored object is first copied to the
// .backup object.
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
		// The journal check, then (only when it passes) the backup copy.
		if err := b.journal.BeforeWrite(ctx, b.backup); err != nil {
			return err
		}
	}
	gen, err := b.put(ctx, data, s.Serial)
	if err != nil {
		return err
	}
	b.seen = seenObject{known: true, generation: gen, lineage: s.Lineage, serial: s.Serial, empty: s.Empty()}
	// The document holds the journal now: remove it.
	id := strconv.FormatInt(gen, 10)
	b.journal.Wrote(ctx, id, id)
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
	obj := b.stateObject(b.name).If(cond)
	meta := map[string]string{serialMeta: strconv.FormatUint(serial, 10)}
	if folded, ok := b.journal.FoldedMeta(); ok {
		// Those very appends of the generation replaced, left behind,
		// are then known to be folded in (state.JournalFoldedMeta).
		meta[state.JournalFoldedMeta] = folded
	}
	var attrs *storage.ObjectAttrs
	err := b.do(ctx, func(ctx context.Context) (err error) {
		attrs, err = writeObject(ctx, obj, data, meta, b.cfg.KMSEncryptionKey)
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
		attrs, err = b.stateObject(b.name).Attrs(ctx)
		return err
	})
	if err != nil {
		return 0, false
	}
	sum := md5.Sum(data)
	return attrs.Generation, bytes.Equal(attrs.MD5, sum[:])
}

// writeObject uploads data to obj (with its conditions) in one request,
// encrypted with the KMS key kms when it is set, and returns the new
// object's attributes.
func writeObject(ctx context.Context, obj *storage.ObjectHandle, data []byte, meta map[string]string, kms string) (*storage.ObjectAttrs, error) {
	w := obj.NewWriter(ctx)
	w.KMSKeyName = kms
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

// stateObject is the handle of a state, backup or journal object: with
// encryption_key, its reads and writes carry the customer-supplied key
// (CSEK), as Terraform's gcs backend encrypts its state objects (not the
// lock object, whose handles are the bucket's own).
func (b *Backend) stateObject(name string) *storage.ObjectHandle {
	h := b.bucket.Object(name)
	if len(b.csek) > 0 {
		h = h.Key(b.csek)
	}
	return h
}
