package state

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"time"
)

// JournalDoc is the document a backend's read found (StoreJournal.Read).
type JournalDoc struct {
	// State is the document decoded; nil when there is none.
	State *State
	// Base is JournalBase of its version (S3: of the ETag with its
	// quotes; GCS: the generation), and ID its identity as
	// ObjectStore.Head reports it.
	Base, ID string
	// Folded returns its JournalFoldedMeta value; asked only when there
	// is a journal of another version. Its error is returned as is.
	Folded func(ctx context.Context) (string, error)
	// Seen is called once this read is the one the backend goes on from,
	// with the state with its journal replayed (nil: no document): the
	// backend records the version it read.
	Seen func(st *State)
}

// Read reads the document with get and, concurrently (one round trip for
// both), lists the journals beside it, then replays the one relative to
// the document read; get's error is returned as is. A client that does
// not hold the lock and finds a journal of another version reads once
// more before warning: it may have raced a writer replacing the
// document. Then, holding the lock, it removes the leftovers of a fold
// cut short and moves foreign journals aside with a warning (settle).
func (j *StoreJournal) Read(ctx context.Context, holder bool, get func(ctx context.Context) (JournalDoc, error)) (*State, error) {
	st, found, err := j.readOnce(ctx, get)
	if err == nil && len(found.foreign) > 0 && !holder {
		st, found, err = j.readOnce(ctx, get)
	}
	if err != nil {
		return nil, err
	}
	if err := j.settle(ctx, holder, st, found); err != nil {
		return nil, err
	}
	return st, nil
}

// journalsRead is what readOnce found beside the document.
type journalsRead struct {
	// leftovers are journals the document folded in (JournalFoldedMeta),
	// whose removal was cut short.
	leftovers []*ObjectJournal
	// foreign are journals relative to another version than the stored
	// one, which the document may lack.
	foreign []*ObjectJournal
}

func (j *StoreJournal) readOnce(ctx context.Context, get func(ctx context.Context) (JournalDoc, error)) (*State, journalsRead, error) {
	type listed struct {
		objs []JournalObject
		err  error
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lc := make(chan listed, 1)
	go func() {
		objs, err := j.Store.List(lctx, JournalObjectPrefix(j.Key))
		lc <- listed{objs, err}
	}()
	var found journalsRead
	doc, err := get(ctx)
	if err != nil {
		return nil, found, err
	}
	l := <-lc
	if l.err != nil {
		return nil, found, j.Wrap("list state journal", l.err)
	}
	journals := GroupJournalObjects(j.Key, l.objs)
	if doc.State == nil {
		j.seen = journalSeen{}
		doc.Seen(nil)
		found.foreign = journals
		return nil, found, nil
	}
	var mine *ObjectJournal
	for _, o := range journals {
		if o.Base == doc.Base {
			mine = o
		} else {
			found.foreign = append(found.foreign, o)
		}
	}
	if len(found.foreign) > 0 {
		v, err := doc.Folded(ctx)
		if err != nil {
			return nil, found, err
		}
		f := ParseFoldedJournal(v)
		foreign := found.foreign[:0]
		for _, o := range found.foreign {
			if o.FoldedBy(f) {
				found.leftovers = append(found.leftovers, o)
			} else {
				foreign = append(foreign, o)
			}
		}
		found.foreign = foreign
	}
	seen := journalSeen{exists: true, base: doc.Base, id: doc.ID}
	if mine != nil {
		if err := j.replay(ctx, doc.State, mine); err != nil {
			return nil, found, err
		}
		seen.ids = slices.Clone(mine.IDs)
	}
	j.seen = seen
	doc.Seen(doc.State)
	return doc.State, found, nil
}

// replay applies o, the journal of the document s was read from, to s.
func (j *StoreJournal) replay(ctx context.Context, s *State, o *ObjectJournal) error {
	if !o.Whole() {
		return j.Errorf("the state journal %s is corrupt: its appends are not numbered 1 to %d (found %v)", j.where(o.Base), len(o.Seqs), o.Seqs)
	}
	data, err := j.readObjects(ctx, o.Names)
	if err != nil {
		return err
	}
	entries, err := DecodeJournalEntries(data, j.Codec)
	if err != nil {
		return j.Errorf("the state journal %s is corrupt: %w", j.where(o.Base), err)
	}
	ReplayJournal(s, entries, s.Serial)
	return nil
}

// readObjects downloads the objects names, journalParallelism at a time,
// and returns them in order, concatenated.
func (j *StoreJournal) readObjects(ctx context.Context, names []string) ([]byte, error) {
	parts := make([][]byte, len(names))
	err := ForEach(ctx, len(names), func(ctx context.Context, i int) error {
		data, err := j.Store.Get(ctx, names[i])
		if err != nil {
			return j.Wrap("read state journal "+names[i], err)
		}
		parts[i] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bytes.Join(parts, nil), nil
}

// settle deals with what read found beside the document: a client holding
// the lock removes folded leftovers and moves foreign journals aside,
// with a warning; one without leaves them, and warns of foreign ones.
func (j *StoreJournal) settle(ctx context.Context, holder bool, s *State, found journalsRead) error {
	if holder {
		for _, o := range found.leftovers {
			j.deleteObjects(ctx, o.Names)
		}
	}
	for _, o := range found.foreign {
		if !holder {
			NoticeJournalMismatch(ctx, j.describe(o), s, "")
			continue
		}
		asidePrefix := asideObjectPrefix(j.Key) + time.Now().UTC().Format(setAsideTimeFormat) + "/" + o.Base + "/"
		if err := j.moveAside(ctx, o.Names, asidePrefix); err != nil {
			return j.Errorf("the state journal %s does not belong to the stored state, and moving it aside failed: %w", j.where(o.Base), err)
		}
		NoticeJournalMismatch(ctx, j.describe(o), s, j.URL+asidePrefix)
	}
	return nil
}

// moveAside copies the objects names to asidePrefix + their last path
// element, then deletes them.
func (j *StoreJournal) moveAside(ctx context.Context, names []string, asidePrefix string) error {
	err := ForEach(ctx, len(names), func(ctx context.Context, i int) error {
		err := j.Store.Copy(ctx, names[i], asidePrefix+names[i][strings.LastIndexByte(names[i], '/')+1:])
		if errors.Is(err, ErrObjectNotFound) {
			return nil // removed meanwhile
		}
		return err
	})
	if err != nil {
		return err
	}
	return j.deleteObjectsErr(ctx, names)
}
