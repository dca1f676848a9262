package gcs

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"cloud.google.com/go/storage"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/gcpretry"
)

// The journal (docs/state.md, "The journal"): each append is one object,
// NAME.journal/GENERATION/SEQ (state.JournalObjectName), GENERATION being
// the stored document's, created with ifGenerationMatch=0 so that two
// writers never both write append SEQ.

var _ state.Journaler = (*Backend)(nil)

// journalParallelism bounds the concurrent requests of a journal's
// objects (reading, deleting, moving aside).
const journalParallelism = 16

// AppendJournal stores entries as the next append of the journal relative
// to the document this Backend last read or wrote. It checks the
// document's generation (concurrently with the upload) and fails with an
// error wrapping state.ErrStale when it changed; an append refused because
// another client wrote that append fails the same way.
func (b *Backend) AppendJournal(ctx context.Context, entries []state.JournalEntry) error {
	if len(entries) == 0 {
		return nil
	}
	data, err := state.EncodeJournalEntries(entries, b.cfg.Codec)
	if err != nil {
		return b.errorf("journal: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seen.generation == 0 || b.seen.journalBroken {
		return state.ErrNoJournalBase
	}
	seq := uint64(len(b.seen.journal)) + 1
	name := state.JournalObjectName(b.name, strconv.FormatInt(b.seen.generation, 10), seq)
	var (
		wg      sync.WaitGroup
		headGen int64
		headErr error
	)
	wg.Go(func() {
		headErr = b.do(ctx, func(ctx context.Context) error {
			attrs, err := b.bucket.Object(b.name).Attrs(ctx)
			if err == nil {
				headGen = attrs.Generation
			}
			return err
		})
	})
	obj := b.bucket.Object(name).If(storage.Conditions{DoesNotExist: true})
	var gen int64
	fault := b.failAppend
	b.failAppend = ""
	if fault != "lost" {
		err = b.do(ctx, func(ctx context.Context) error {
			attrs, err := writeObject(ctx, obj, data, nil)
			if err == nil && attrs != nil {
				gen = attrs.Generation
			}
			return err
		})
	}
	if fault != "" {
		err = errors.New("injected fault: connection reset")
	}
	wg.Wait()
	if isPreconditionFailed(err) {
		var landed bool
		if gen, landed = b.journalLanded(ctx, name, data); !landed {
			return b.errorf("journal: append %d exists already (another client appended to the journal): %w", seq, state.ErrStale)
		}
		err = nil
	}
	if err != nil || gen == 0 {
		// It may have landed: only a whole write goes on, which
		// recognizes it by its bytes (checkJournal).
		b.seen.journalBroken = true
		b.seen.pending = &pendingAppend{seq: seq, data: data}
		if err == nil {
			return b.errorf("append to state journal: GCS returned no generation for %s", name)
		}
		return b.wrap("append to state journal", err)
	}
	b.seen.journal = append(b.seen.journal, strconv.FormatInt(gen, 10))
	switch {
	case headErr == nil && headGen != b.seen.generation, errors.Is(headErr, storage.ErrObjectNotExist):
		return b.errorf("journal: the state object changed since it was read (another run wrote it): %w", state.ErrStale)
	case headErr != nil:
		b.seen.journalBroken = true
		return b.wrap("append to state journal: check the state object", headErr)
	}
	return nil
}

// journalLanded reports whether the journal object name holds data, and
// its generation: a retried upload whose first attempt landed fails its
// condition.
func (b *Backend) journalLanded(ctx context.Context, name string, data []byte) (int64, bool) {
	var attrs *storage.ObjectAttrs
	err := b.do(ctx, func(ctx context.Context) (err error) {
		attrs, err = b.bucket.Object(name).Attrs(ctx)
		return err
	})
	if err != nil {
		return 0, false
	}
	sum := md5.Sum(data)
	return attrs.Generation, bytes.Equal(attrs.MD5, sum[:])
}

// checkJournal lists the journal of the generation this Backend read or
// wrote and fails with an error wrapping state.ErrStale unless it is
// exactly the appends this Backend read and appended, by name and
// generation: a whole write by a client that missed an append (the
// document's generation, its only condition, does not change with
// appends) would drop it. An append of this Backend that failed but
// landed (b.seen.pending) is recognized by its bytes and counted in.
// Called with b.mu held.
//
// An append landing between this LIST and the conditional upload is not
// seen: the write goes on, and that append stays beside the new
// document; not one the new document folded (state.JournalFoldedMeta
// names the appends by generation), so the next lock holder sets it
// aside with a warning, and its writer's next append or write is refused.
func (b *Backend) checkJournal(ctx context.Context) error {
	objs, err := b.listJournals(ctx)
	if err != nil {
		return b.wrap("write state: list the state journal", err)
	}
	base := strconv.FormatInt(b.seen.generation, 10)
	var mine *state.ObjectJournal
	for _, j := range state.GroupJournalObjects(b.name, objs) {
		if j.Base == base {
			mine = j
		}
	}
	if mine.Is(b.seen.journal) {
		return nil
	}
	if name, id, ok := mine.Next(b.seen.journal); ok && b.seen.pending != nil && b.seen.pending.seq == uint64(len(b.seen.journal))+1 {
		data, _, err := b.readObject(ctx, b.bucket.Object(name), maxStateSize+1)
		if err != nil {
			return b.wrap("read state journal "+name, err)
		}
		if bytes.Equal(data, b.seen.pending.data) {
			b.seen.journal = append(b.seen.journal, id)
			b.seen.pending = nil
			return nil
		}
	}
	n := 0
	if mine != nil {
		n = len(mine.Seqs)
	}
	return b.errorf("write state: the state journal changed since it was read (%d appends stored, %d read or appended here; another run appended to it): %w",
		n, len(b.seen.journal), state.ErrStale)
}

// listJournals lists every object under NAME.journal/, with its
// generation.
func (b *Backend) listJournals(ctx context.Context) ([]state.JournalObject, error) {
	listed, err := gcpretry.ListObjects(ctx, b.do, b.bucket, &storage.Query{Prefix: state.JournalObjectPrefix(b.name)})
	if err != nil {
		return nil, err
	}
	objs := make([]state.JournalObject, 0, len(listed))
	for _, a := range listed {
		objs = append(objs, state.JournalObject{Name: a.Name, ID: strconv.FormatInt(a.Generation, 10)})
	}
	return objs, nil
}

// journalWhere names the journal of base, for messages.
func (b *Backend) journalWhere(base string) string {
	return "gs://" + b.cfg.Bucket + "/" + state.JournalObjectPrefix(b.name) + base + "/"
}

// replay applies j, the journal of the document s was read from, to s.
func (b *Backend) replay(ctx context.Context, s *state.State, j *state.ObjectJournal) error {
	if !j.Whole() {
		return b.errorf("the state journal %s is corrupt: its appends are not numbered 1 to %d (found %v)", b.journalWhere(j.Base), len(j.Seqs), j.Seqs)
	}
	parts := make([][]byte, len(j.Names))
	err := forEach(ctx, len(j.Names), func(ctx context.Context, i int) error {
		data, _, err := b.readObject(ctx, b.bucket.Object(j.Names[i]), maxStateSize+1)
		if err != nil {
			return b.wrap("read state journal "+j.Names[i], err)
		}
		parts[i] = data
		return nil
	})
	if err != nil {
		return err
	}
	entries, err := state.DecodeJournalEntries(bytes.Join(parts, nil), b.cfg.Codec)
	if err != nil {
		return b.errorf("the state journal %s is corrupt: %w", b.journalWhere(j.Base), err)
	}
	state.ReplayJournal(s, entries, s.Serial)
	return nil
}

// journalsRead is what readOnce found beside the document.
type journalsRead struct {
	// leftovers are journals the document folded in (JournalFoldedMeta),
	// whose removal was cut short.
	leftovers []*state.ObjectJournal
	// foreign are journals relative to another version than the stored
	// one, which the document may lack.
	foreign []*state.ObjectJournal
}

// sortJournals sorts the journals listed beside the document of generation
// gen (0: none) into the one relative to it, folded leftovers and foreign
// ones. The document's metadata, which says what it folded, is asked for
// only when there is a journal of another generation.
func (b *Backend) sortJournals(ctx context.Context, gen int64, objs []state.JournalObject) (*state.ObjectJournal, journalsRead, error) {
	var (
		mine  *state.ObjectJournal
		found journalsRead
	)
	base := strconv.FormatInt(gen, 10)
	for _, j := range state.GroupJournalObjects(b.name, objs) {
		if gen != 0 && j.Base == base {
			mine = j
		} else {
			found.foreign = append(found.foreign, j)
		}
	}
	if len(found.foreign) == 0 || gen == 0 {
		return mine, found, nil
	}
	var meta map[string]string
	err := b.do(ctx, func(ctx context.Context) error {
		attrs, err := b.bucket.Object(b.name).Generation(gen).Attrs(ctx)
		if err == nil {
			meta = attrs.Metadata
		}
		return err
	})
	if err != nil && !errors.Is(err, storage.ErrObjectNotExist) {
		return nil, found, b.wrap("read state metadata", err)
	}
	var folded string
	for k, v := range meta {
		if strings.EqualFold(k, state.JournalFoldedMeta) {
			folded = v
		}
	}
	f := state.ParseFoldedJournal(folded)
	foreign := found.foreign[:0]
	for _, j := range found.foreign {
		if j.FoldedBy(f) {
			found.leftovers = append(found.leftovers, j)
		} else {
			foreign = append(foreign, j)
		}
	}
	found.foreign = foreign
	return mine, found, nil
}

// settle deals with what read found beside the document: a client holding
// the lock removes folded leftovers and moves foreign journals aside,
// with a warning; one without leaves them, and warns of foreign ones.
// Called with b.mu held.
func (b *Backend) settle(ctx context.Context, s *state.State, found journalsRead) error {
	holder := b.lockID != ""
	if holder {
		for _, j := range found.leftovers {
			b.deleteObjects(ctx, j.Names)
		}
	}
	for _, j := range found.foreign {
		where := b.journalWhere(j.Base)
		if !holder {
			state.NoticeJournalMismatch(ctx, fmt.Sprintf("%s (%d appends)", where, len(j.Names)), s, "")
			continue
		}
		asidePrefix := fmt.Sprintf("%s.journal-unreplayed-%s/%s/", b.name, time.Now().UTC().Format("20060102T150405.000000000Z"), j.Base)
		if err := b.moveAside(ctx, j.Names, asidePrefix); err != nil {
			return b.errorf("the state journal %s does not belong to the stored state, and moving it aside failed: %w", where, err)
		}
		state.NoticeJournalMismatch(ctx, fmt.Sprintf("%s (%d appends)", where, len(j.Names)), s, "gs://"+b.cfg.Bucket+"/"+asidePrefix)
	}
	return nil
}

// moveAside copies the objects names to asidePrefix + their last path
// element, then deletes them.
func (b *Backend) moveAside(ctx context.Context, names []string, asidePrefix string) error {
	err := forEach(ctx, len(names), func(ctx context.Context, i int) error {
		dst := b.bucket.Object(asidePrefix + names[i][strings.LastIndexByte(names[i], '/')+1:])
		err := b.do(ctx, func(ctx context.Context) error {
			_, err := dst.CopierFrom(b.bucket.Object(names[i])).Run(ctx)
			return err
		})
		if errors.Is(err, storage.ErrObjectNotExist) {
			return nil // removed meanwhile
		}
		return err
	})
	if err != nil {
		return err
	}
	return b.deleteObjectsErr(ctx, names)
}

// deleteJournal removes the first n appends of the journal relative to
// generation gen, once a whole document is in place. Objects left behind
// (a failed delete) are folded leftovers the next lock holder's Read
// removes.
func (b *Backend) deleteJournal(ctx context.Context, gen int64, n uint64) {
	names := make([]string, 0, n)
	base := strconv.FormatInt(gen, 10)
	for seq := uint64(1); seq <= n; seq++ {
		names = append(names, state.JournalObjectName(b.name, base, seq))
	}
	b.deleteObjects(ctx, names)
}

// deleteObjects deletes names, logging a failure.
func (b *Backend) deleteObjects(ctx context.Context, names []string) {
	if err := b.deleteObjectsErr(ctx, names); err != nil {
		b.log.Warn("could not remove state journal objects; the next command holding the lock removes them", "error", err)
	}
}

// deleteObjectsErr deletes names, journalParallelism at a time (GCS has no
// batch delete in the JSON API client).
func (b *Backend) deleteObjectsErr(ctx context.Context, names []string) error {
	return forEach(ctx, len(names), func(ctx context.Context, i int) error {
		err := b.do(ctx, func(ctx context.Context) error { return b.bucket.Object(names[i]).Delete(ctx) })
		if err != nil && !errors.Is(err, storage.ErrObjectNotExist) {
			return b.wrap("delete state journal object "+names[i], err)
		}
		return nil
	})
}

// forEach calls fn for 0..n-1, journalParallelism at a time, and returns
// the first error (errgroup cancels the others' ctx).
func forEach(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(journalParallelism)
	for i := range n {
		g.Go(func() error { return fn(ctx, i) })
	}
	return g.Wait()
}
