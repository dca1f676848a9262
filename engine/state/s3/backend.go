package s3

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/state"
)

// maxStateSize bounds what Read accepts, so a wrong key pointing at a
// huge object fails instead of filling memory.
const maxStateSize = 512 << 20

// Backend stores state in S3. It is safe for concurrent use; two Backends
// on the same bucket and key act as two independent processes.
type Backend struct {
	cfg    Config
	log    hclog.Logger
	s3     s3API
	bucket string
	key    string
	locks  []locker

	mu sync.Mutex
	// seen is the stored object as last read or written by this Backend.
	seen seenObject
	// versioned caches whether the bucket has versioning enabled.
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
	known   bool   // a read or write happened
	exists  bool   // the object existed then
	etag    string // its ETag, quoted as S3 returns it
	lineage string
	serial  uint64
	empty   bool // the state held no resources and no outputs
}

var _ state.Backend = (*Backend)(nil)

// New configures the backend on cfg.Workspace's state: it loads the SDK
// configuration and, unless cfg.SkipCredentialsValidation, resolves
// credentials. It sends no request to S3; the first Read reports a missing
// bucket or an unreachable endpoint. log receives retries and lock
// takeovers (nil discards).
func New(ctx context.Context, cfg Config, log hclog.Logger) (*Backend, error) {
	st, err := NewStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	return st.backend(cfg.Workspace), nil
}

// String names the backend: `s3 backend "s3://bucket/key"`.
func (b *Backend) String() string {
	return fmt.Sprintf("s3 backend %q", "s3://"+b.bucket+"/"+b.key)
}

// errorf returns an error prefixed with the backend's name.
func (b *Backend) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{b}, args...)...)
}

// Read returns the stored state, with the journal relative to it
// replayed, or nil when the object does not exist.
// An object that is not a valid state document is an error (and a later
// Write will not overwrite it). The journal's part (state.StoreJournal.Read)
// lists the journals concurrently with the GET, replays the one relative
// to the object read and settles the others; b.seen records the object.
func (b *Backend) Read(ctx context.Context) (*state.State, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.journal.Read(ctx, b.lockID != "", func(ctx context.Context) (state.JournalDoc, error) {
		out, body, err := b.getBody(ctx, &s3.GetObjectInput{Bucket: &b.bucket, Key: &b.key}, maxStateSize+1)
		if isNotFound(err) && !isNoSuchBucket(err) {
			return state.JournalDoc{Seen: func(*state.State) { b.seen = seenObject{known: true} }}, nil
		}
		if err != nil {
			return state.JournalDoc{}, b.wrap("read state", err)
		}
		if len(body) > maxStateSize {
			return state.JournalDoc{}, b.errorf("state object is larger than %d MiB: is the key right?", maxStateSize>>20)
		}
		st, err := b.cfg.Codec.Decode(body)
		if err != nil {
			return state.JournalDoc{}, b.errorf("state object is not valid state: %w", err)
		}
		etag := aws.ToString(out.ETag)
		return state.JournalDoc{
			State: st,
			Base:  state.JournalBase(etag),
			ID:    objectID(out.ETag),
			Folded: func(context.Context) (string, error) {
				return state.MetaValue(out.Metadata, state.JournalFoldedMeta), nil
			},
			Seen: func(st *state.State) {
				b.seen = seenObject{known: true, exists: true, etag: etag, lineage: st.Lineage, serial: st.Serial, empty: st.Empty()}
			},
		}, nil
	})
}

// Write stores s if the object is unchanged since this Backend last read
// or wrote it (a Backend that has not read expects no object), its
// journal is exactly the appends this Backend read and appended
// (state.StoreJournal.BeforeWrite), and s has the stored lineage and no lower serial.
// Otherwise it fails with an error wrapping state.ErrStale and nothing is
// written. Without versioning, the stored object is first copied to
// KEY.backup.
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
	if b.seen.exists {
		// The journal check, then (only when it passes) the backup copy.
		if err := b.journal.BeforeWrite(ctx, b.backup); err != nil {
			return err
		}
	}
	etag, err := b.put(ctx, data, s.Serial)
	if err != nil {
		return err
	}
	b.seen = seenObject{known: true, exists: true, etag: etag, lineage: s.Lineage, serial: s.Serial, empty: s.Empty()}
	// The document holds the journal now: remove it.
	b.journal.Wrote(ctx, state.JournalBase(etag), objectID(&etag))
	return nil
}

// checkSuccession refuses another lineage or a lower serial than seen.
func (b *Backend) checkSuccession(s *state.State) error {
	if !b.seen.exists {
		return nil
	}
	return state.CheckSuccessionOver(b.String(), b.seen.lineage, b.seen.serial, b.seen.empty, s)
}

// put writes data (of a state with serial) conditional on b.seen and
// returns the new ETag.
func (b *Backend) put(ctx context.Context, data []byte, serial uint64) (string, error) {
	in := &s3.PutObjectInput{
		Bucket:      &b.bucket,
		Key:         &b.key,
		Body:        bytes.NewReader(data),
		ContentType: aws.String("application/json"),
		Metadata: map[string]string{serialMeta: strconv.FormatUint(serial, 10),
			state.JournalSHA256Meta: sha256Hex(data)},
	}
	if folded, ok := b.journal.FoldedMeta(); ok {
		// Those very appends of the version replaced, left behind, are
		// then known to be folded in (state.JournalFoldedMeta).
		in.Metadata[state.JournalFoldedMeta] = folded
	}
	if b.seen.exists {
		in.IfMatch = aws.String(b.seen.etag)
	} else {
		in.IfNoneMatch = aws.String("*")
	}
	in.ServerSideEncryption, in.SSEKMSKeyId, in.ACL = b.protection()
	out, err := b.s3.PutObject(ctx, in)
	if isPreconditionFailed(err) || (b.seen.exists && conditionFailed(err)) {
		// A retried request whose first attempt landed also fails its
		// condition: the object then holds exactly our bytes.
		if etag, ok := b.landed(ctx, data); ok {
			return etag, nil
		}
		return "", b.errorf("write state: the state object changed since it was read (another run wrote it): %w", state.ErrStale)
	}
	if err != nil {
		return "", b.wrap("write state", err)
	}
	return aws.ToString(out.ETag), nil
}

// landed reports whether the state object holds data, with its ETag: a
// retried PUT whose first attempt landed fails its condition. The object
// is recognised by the SHA-256 of its bytes in its metadata
// (state.JournalSHA256Meta, as a journal append is), which holds under any
// encryption: under SSE-KMS the ETag is not the MD5 of the bytes, and
// judged by it alone, a write that landed was refused as stale. An ETag
// that is the MD5 of data (no metadata: a document written before) is
// recognised too.
func (b *Backend) landed(ctx context.Context, data []byte) (string, bool) {
	out, err := b.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.bucket, Key: &b.key})
	if err != nil {
		return "", false
	}
	etag := aws.ToString(out.ETag)
	if state.MetaValue(out.Metadata, state.JournalSHA256Meta) == sha256Hex(data) {
		return etag, true
	}
	sum := md5.Sum(data)
	return etag, etag == `"`+hex.EncodeToString(sum[:])+`"`
}

// sha256Hex is the SHA-256 of data in hex.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
