package apply

import (
	"context"
	"errors"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// journalWriter stores the working state in a backend that keeps a
// journal (state.Journaler): its intermediate writes append to the
// journal the objects changed since the write before (State.TrackChanges),
// its first write when there is no stored document yet and its last store
// the whole document (doc). The persister's comment says why.
type journalWriter struct {
	doc     *docWriter
	journal state.Journaler

	// open says the next intermediate write may append: the journal's
	// base is stored (a whole write, or the document the apply started
	// from) and the working state tracks what changed since.
	open bool
	// appended says an append happened since the last whole write: the
	// stored document alone lacks records.
	appended bool
	// pending holds entries already taken from the working state for the
	// next append: what the working state changed from the stored
	// document before the apply, and in tests each update's (audit).
	// doc.mu guards it.
	pending []state.JournalEntry
	// audit, in tests (auditJournal), is the state rebuilt from the
	// journal entries taken after every update.
	audit *state.State
}

var _ stateWriter = (*journalWriter)(nil)

// newJournalWriter returns the writer of doc's working state to j. stored
// is the state as j holds it (nil when unknown): the journal can start at
// once, relative to it, its first entries what the working state already
// changed (moves, refreshed objects), so that even the first write costs
// what changed.
func newJournalWriter(doc *docWriter, j state.Journaler, stored *state.State) *journalWriter {
	w := &journalWriter{doc: doc, journal: j}
	st := doc.st
	base := st
	if entries, ok := st.JournalFrom(stored); ok {
		w.pending, w.open, base = entries, true, stored
	}
	if w.open || auditJournal {
		st.TrackChanges()
	}
	if auditJournal {
		w.startAudit(base)
	}
	return w
}

// write appends to the journal when it can and final is false, otherwise
// stores the whole document, folding the journal into it.
func (w *journalWriter) write(ctx context.Context, final bool) (bool, error) {
	wk := w.doc.working
	wk.mu.Lock()
	// The final write folds an appended journal into the document even
	// when nothing changed since the last append.
	if !wk.dirty && !(final && w.appended) {
		wk.mu.Unlock()
		return false, nil
	}
	if !final && w.open {
		err := w.append(ctx)
		if !errors.Is(err, state.ErrNoJournalBase) {
			return false, err
		}
		wk.mu.Lock()
	}
	// A journal appended since the last whole write holds records that
	// the stored document does not: the write that removes it must
	// happen even when the content came back to the document's.
	written, err := w.doc.writeLocked(ctx, w.appended, func() {
		w.open = false
		w.pending = nil
		if !final || w.audit != nil {
			wk.st.TrackChanges() // what changes from this snapshot on
		} else {
			wk.st.StopTrackingChanges()
		}
	})
	if written && err == nil {
		w.appended = false
		w.open = !final
	}
	return written, err
}

// append, entered with the working state's lock held, which it releases,
// appends to the journal what changed since the last write. When the
// append fails, the entries it took are lost to the journal: the records
// are unwritten again and only a whole document writes them now.
func (w *journalWriter) append(ctx context.Context) error {
	wk := w.doc.working
	entries := wk.st.TakeChanges()
	if len(w.pending) > 0 {
		entries = append(w.pending, entries...)
	}
	w.pending = nil
	since := wk.take()
	if len(entries) == 0 {
		wk.mu.Unlock()
		return nil
	}
	// Each append is a version of the state: it carries its own serial,
	// above the last stored one, so that a reader mid-apply and the final
	// write never see two contents at one serial.
	wk.st.Serial++
	entries = append(entries, state.JournalEntry{Op: state.JournalSerial, Serial: wk.st.Serial})
	wk.mu.Unlock()
	start := time.Now()
	if err := w.journal.AppendJournal(ctx, entries); err != nil {
		wk.mu.Lock()
		w.open = false
		wk.putBack(since)
		wk.mu.Unlock()
		return err
	}
	w.appended = true
	w.doc.log.Debug("state journal appended", "entries", len(entries), "took", time.Since(start))
	return nil
}

// updated checks the journal's entries against the update, in tests.
func (w *journalWriter) updated() {
	if w.audit != nil {
		w.auditUpdate()
	}
}
