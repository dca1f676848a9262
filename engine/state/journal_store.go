package state

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

// StoreJournal is the journal of one state object kept in an object store
// (docs/state.md, "The journal in an object store"): the one
// implementation of appending, reading and replaying, the whole write's
// journal check and fold, and setting aside journals of another version,
// which the S3 and GCS backends share. A backend keeps the document
// itself (its GET, conditional PUT and backup) and tells the StoreJournal
// what version it read or wrote; the journal's objects go through Store.
//
// A StoreJournal is not safe for concurrent use: its backend calls it with
// its own mutex held.
type StoreJournal struct {
	// Store holds the journal's objects (and the document, for Head).
	Store ObjectStore
	// Key is the state object's name; the journal is under
	// JournalObjectPrefix(Key).
	Key string
	// URL is the bucket's URL for messages, ending in '/' ("s3://b/").
	URL string
	// Codec encodes and decodes appends.
	Codec Codec
	// Errorf makes an error naming the backend; Wrap one naming the
	// backend and the operation op failed with the store's error err.
	Errorf func(format string, args ...any) error
	Wrap   func(op string, err error) error
	// Warn logs a failure that does not fail the operation.
	Warn func(msg string, args ...any)

	seen journalSeen
}

// journalSeen is the journal of the document version the backend last
// read or wrote.
type journalSeen struct {
	exists bool   // a document was read or written
	base   string // its BASE (JournalBase of its version)
	id     string // its identity, as Store.Head reports it
	// ids are the identities of the appends of the journal of base, in
	// order, as read or appended: a whole write requires the journal to
	// be exactly these (check). broken says an append failed in a way
	// only a whole write repairs; pending is then that append, which may
	// have landed.
	ids     []string
	broken  bool
	pending *pendingAppend
}

// pendingAppend is an append whose PUT failed and which may have landed.
type pendingAppend struct {
	seq  uint64
	data []byte
}

// JournalSHA256Meta is the user metadata key of a journal object (and of
// the S3 state object) holding the SHA-256 of its bytes in hex: a retried
// append, or whole write, whose first attempt landed is recognised by it
// whatever the store's encryption does to its ETag (SSE-KMS's is not the
// MD5).
const JournalSHA256Meta = "trueup-sha256"

// journalParallelism bounds the concurrent requests of a journal's
// objects (reading, moving aside).
const journalParallelism = 16

// Append stores entries as the next append of the journal relative to
// the document last read or written. It checks the document (a Head,
// concurrent with the PutIfAbsent) and fails with an error wrapping
// ErrStale when it changed; an append refused because another client
// wrote that append fails the same way. With no document, or after an
// append that failed, it returns ErrNoJournalBase.
func (j *StoreJournal) Append(ctx context.Context, entries []JournalEntry) error {
	if len(entries) == 0 {
		return nil
	}
	data, err := EncodeJournalEntries(entries, j.Codec)
	if err != nil {
		return j.Errorf("journal: %w", err)
	}
	if !j.seen.exists || j.seen.broken {
		return ErrNoJournalBase
	}
	seq := uint64(len(j.seen.ids)) + 1
	name := JournalObjectName(j.Key, j.seen.base, seq)
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	var (
		wg      sync.WaitGroup
		head    ObjectInfo
		headErr error
	)
	wg.Go(func() { head, headErr = j.Store.Head(ctx, j.Key) })
	id, err := j.Store.PutIfAbsent(ctx, name, data, map[string]string{JournalSHA256Meta: digest})
	wg.Wait()
	if errors.Is(err, ErrObjectExists) {
		var landed bool
		id, landed, err = j.landed(ctx, name, digest)
		if err == nil && !landed {
			return j.Errorf("journal: append %d exists already (another client appended to the journal): %w", seq, ErrStale)
		}
		// err: whether it is this client's is unknown; it is pending.
	}
	if err != nil || id == "" {
		// It may have landed: only a whole write goes on, which
		// recognizes it by its bytes (check).
		j.seen.broken = true
		j.seen.pending = &pendingAppend{seq: seq, data: data}
		if err == nil {
			return j.Errorf("append to state journal: the store returned no identity for %s", name)
		}
		return j.Wrap("append to state journal", err)
	}
	j.seen.ids = append(j.seen.ids, id)
	switch {
	case headErr == nil && head.ID != j.seen.id, errors.Is(headErr, ErrObjectNotFound):
		return j.Errorf("journal: the state object changed since it was read (another run wrote it): %w", ErrStale)
	case headErr != nil:
		j.seen.broken = true
		return j.Wrap("append to state journal: check the state object", headErr)
	}
	return nil
}

// landed reports whether the journal object name is the append whose
// bytes hash to digest (JournalSHA256Meta), and its identity: a retried
// PUT whose first attempt landed fails its condition. A failed Head is
// an error, and the append may then be this client's; so is an object
// not there (S3 answers a retry with 409 while the first attempt is
// still being stored, and the object lands afterwards). Only the
// whole write can tell (check, by its bytes).
func (j *StoreJournal) landed(ctx context.Context, name, digest string) (string, bool, error) {
	info, err := j.Store.Head(ctx, name)
	if err != nil {
		return "", false, err
	}
	return info.ID, info.MetaValue(JournalSHA256Meta) == digest, nil
}

// where names the journal of base, for messages.
func (j *StoreJournal) where(base string) string {
	return j.URL + JournalObjectPrefix(j.Key) + base + "/"
}

// ForEach calls fn for 0..n-1, journalParallelism (16) at a time, and
// returns the first error (errgroup cancels the others' ctx): the bound
// of a journal's concurrent object requests, an ObjectStore's too.
func ForEach(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(journalParallelism)
	for i := range n {
		g.Go(func() error { return fn(ctx, i) })
	}
	return g.Wait()
}

// describe names a journal and its size for NoticeJournalMismatch.
func (j *StoreJournal) describe(o *ObjectJournal) string {
	return fmt.Sprintf("%s (%d appends)", j.where(o.Base), len(o.Names))
}
