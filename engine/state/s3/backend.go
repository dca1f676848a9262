package s3

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	// keepFolded makes Write leave the journal it folded in, as a crash
	// right after the write would (tests only: export_test.go).
	keepFolded bool
	// failAppend makes the next append fail: "lost" before it is sent,
	// "landed" after it is stored (tests only: export_test.go).
	failAppend string
}

// seenObject is what Write's condition and checks are based on.
type seenObject struct {
	known   bool   // a read or write happened
	exists  bool   // the object existed then
	etag    string // its ETag, quoted as S3 returns it
	lineage string
	serial  uint64
	empty   bool // the state held no resources and no outputs
	// journal is the identities (ETags without quotes) of the appends
	// of the journal relative to this object, in order, as read or
	// appended by this Backend: a whole write requires the journal to be
	// exactly these (checkJournal). journalBroken says an append failed
	// in a way only a whole write repairs; pending is then that append,
	// which may have landed.
	journal       []string
	journalBroken bool
	pending       *pendingAppend
}

// pendingAppend is an append whose PUT failed and which may have landed.
type pendingAppend struct {
	seq  uint64
	data []byte
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
// Write will not overwrite it).
func (b *Backend) Read(ctx context.Context) (*state.State, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st, _, err := b.read(ctx)
	return st, err
}

// read fetches and decodes the state object, replays its journal and
// records both in b.seen. A client without the lock that finds a journal
// relative to another version reads once more before warning: it may
// have raced a writer replacing the document.
func (b *Backend) read(ctx context.Context) (*state.State, []byte, error) {
	st, data, found, err := b.readOnce(ctx)
	if err == nil && len(found.foreign) > 0 && b.lockID == "" {
		st, data, found, err = b.readOnce(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := b.settle(ctx, st, found); err != nil {
		return nil, nil, err
	}
	return st, data, nil
}

// readOnce fetches the state object and, concurrently, lists the journals
// beside it (one round trip for both), then replays the one relative to
// the object it read.
func (b *Backend) readOnce(ctx context.Context) (*state.State, []byte, journalsRead, error) {
	type listed struct {
		objs []state.JournalObject
		err  error
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lc := make(chan listed, 1)
	go func() {
		objs, err := b.listJournals(lctx)
		lc <- listed{objs, err}
	}()
	out, data, err := b.getBody(ctx, &s3.GetObjectInput{Bucket: &b.bucket, Key: &b.key}, maxStateSize+1)
	var found journalsRead
	if isNotFound(err) && !isNoSuchBucket(err) {
		l := <-lc
		if l.err != nil {
			return nil, nil, found, b.wrap("list state journal", l.err)
		}
		b.seen = seenObject{known: true}
		found.foreign = state.GroupJournalObjects(b.key, l.objs)
		return nil, nil, found, nil
	}
	if err != nil {
		return nil, nil, found, b.wrap("read state", err)
	}
	if len(data) > maxStateSize {
		return nil, nil, found, b.errorf("state object is larger than %d MiB: is the key right?", maxStateSize>>20)
	}
	st, err := b.cfg.Codec.Decode(data)
	if err != nil {
		return nil, nil, found, b.errorf("state object is not valid state: %w", err)
	}
	l := <-lc
	if l.err != nil {
		return nil, nil, found, b.wrap("list state journal", l.err)
	}
	etag := aws.ToString(out.ETag)
	seen := seenObject{known: true, exists: true, etag: etag, lineage: st.Lineage}
	base := state.JournalBase(etag)
	folded := state.ParseFoldedJournal(metaValue(out.Metadata, state.JournalFoldedMeta))
	for _, j := range state.GroupJournalObjects(b.key, l.objs) {
		switch {
		case j.Base == base:
			if err := b.replay(ctx, st, j); err != nil {
				return nil, nil, found, err
			}
			seen.journal = slices.Clone(j.IDs)
		case j.FoldedBy(folded):
			found.leftovers = append(found.leftovers, j)
		default:
			found.foreign = append(found.foreign, j)
		}
	}
	seen.serial, seen.empty = st.Serial, st.Empty()
	b.seen = seen
	return st, data, found, nil
}

// Write stores s if the object is unchanged since this Backend last read
// or wrote it (a Backend that has not read expects no object), its
// journal is exactly the appends this Backend read and appended
// (checkJournal), and s has the stored lineage and no lower serial.
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
		if err := b.checkJournal(ctx); err != nil {
			return err
		}
		if err := b.backup(ctx); err != nil {
			return err
		}
	}
	etag, err := b.put(ctx, data, s.Serial)
	if err != nil {
		return err
	}
	old := b.seen
	b.seen = seenObject{known: true, exists: true, etag: etag, lineage: s.Lineage, serial: s.Serial, empty: s.Empty()}
	if len(old.journal) > 0 && !b.keepFolded {
		// The document holds the journal now: remove it.
		b.deleteJournal(ctx, old.etag, uint64(len(old.journal)))
	}
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
		Metadata:    map[string]string{serialMeta: strconv.FormatUint(serial, 10)},
	}
	if b.seen.exists && len(b.seen.journal) > 0 {
		// Those very appends of the version replaced, left behind, are
		// then known to be folded in (state.JournalFoldedMeta).
		in.Metadata[state.JournalFoldedMeta] = state.FoldedJournal(state.JournalBase(b.seen.etag), b.seen.journal)
	}
	if b.seen.exists {
		in.IfMatch = aws.String(b.seen.etag)
	} else {
		in.IfNoneMatch = aws.String("*")
	}
	b.encryption(&in.ServerSideEncryption)
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

// landed reports whether the state object's ETag is the MD5 of data, with
// that ETag.
func (b *Backend) landed(ctx context.Context, data []byte) (string, bool) {
	out, err := b.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.bucket, Key: &b.key})
	if err != nil {
		return "", false
	}
	sum := md5.Sum(data)
	etag := aws.ToString(out.ETag)
	return etag, etag == `"`+hex.EncodeToString(sum[:])+`"`
}

// metaValue returns the metadata value of key, whatever the case of the
// key as the server returned it.
func metaValue(meta map[string]string, key string) string {
	if v, ok := meta[key]; ok {
		return v
	}
	for k, v := range meta {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}
