package state

import (
	"bytes"
	"context"
)

// BeforeWrite is the journal's part of a whole write over the document
// last read (not called when there was none): it checks the journal of
// that document and, only when the check passes, runs backup, the
// backend's copy of the document kept in a bucket without versions. A
// refused write writes nothing, not even the backup: run alongside the
// check, the copy of a refused write would replace the backup (the
// version before the current one, the one to roll back to) with the
// current document.
//
// The check lists the journal and fails with an error wrapping ErrStale
// unless it is exactly the appends this client read and appended, by name
// and identity: a whole write by a client that missed an append (the
// document's version, the write's only condition, does not change with
// appends) would drop it. An append of this client that failed but
// landed is recognized by its bytes and counted in.
//
// An append landing between this LIST and the conditional PUT is not
// seen: the write goes on, and that append stays beside the new
// document; not one the new document folded (FoldedMeta names the
// appends by identity), so the next lock holder sets it aside with a
// warning, and its writer's next append or write is refused.
func (j *StoreJournal) BeforeWrite(ctx context.Context, backup func(ctx context.Context) error) error {
	if err := j.check(ctx); err != nil {
		return err
	}
	return backup(ctx)
}

// check is BeforeWrite's journal check.
func (j *StoreJournal) check(ctx context.Context) error {
	objs, err := j.Store.List(ctx, JournalObjectPrefix(j.Key))
	if err != nil {
		return j.Wrap("write state: list the state journal", err)
	}
	var mine *ObjectJournal
	for _, o := range GroupJournalObjects(j.Key, objs) {
		if o.Base == j.seen.base {
			mine = o
		}
	}
	if mine.Is(j.seen.ids) {
		return nil
	}
	if name, id, ok := mine.Next(j.seen.ids); ok && j.seen.pending != nil && j.seen.pending.seq == uint64(len(j.seen.ids))+1 {
		data, err := j.readObjects(ctx, []string{name})
		if err != nil {
			return err
		}
		if bytes.Equal(data, j.seen.pending.data) {
			j.seen.ids = append(j.seen.ids, id)
			j.seen.pending = nil
			return nil
		}
	}
	n := 0
	if mine != nil {
		n = len(mine.Seqs)
	}
	return j.Errorf("write state: the state journal changed since it was read (%d appends stored, %d read or appended here; another run appended to it): %w",
		n, len(j.seen.ids), ErrStale)
}

// FoldedMeta returns the JournalFoldedMeta value the whole write over the
// document last read or written stores, and false when it folds no
// journal.
func (j *StoreJournal) FoldedMeta() (string, bool) {
	if !j.seen.exists || len(j.seen.ids) == 0 {
		return "", false
	}
	return FoldedJournal(j.seen.base, j.seen.ids), true
}

// Wrote records a whole write: the document's version is now base, with
// identity id, and has no journal. The journal it folded is removed;
// objects left behind (a failed delete) are folded leftovers the next
// lock holder's Read removes.
func (j *StoreJournal) Wrote(ctx context.Context, base, id string) {
	old := j.seen
	j.seen = journalSeen{exists: true, base: base, id: id}
	if len(old.ids) == 0 {
		return
	}
	names := make([]string, 0, len(old.ids))
	for seq := uint64(1); seq <= uint64(len(old.ids)); seq++ {
		names = append(names, JournalObjectName(j.Key, old.base, seq))
	}
	j.deleteObjects(ctx, names)
}

// deleteObjects deletes names, logging a failure.
func (j *StoreJournal) deleteObjects(ctx context.Context, names []string) {
	if err := j.deleteObjectsErr(ctx, names); err != nil {
		j.Warn("could not remove state journal objects; the next command holding the lock removes them", "error", err)
	}
}

func (j *StoreJournal) deleteObjectsErr(ctx context.Context, names []string) error {
	if err := j.Store.Delete(ctx, names); err != nil {
		return j.Wrap("delete state journal objects", err)
	}
	return nil
}

// RemoveAll deletes every journal object of the state object, of any
// version, and the journals set aside beside it (deleting a workspace).
func (j *StoreJournal) RemoveAll(ctx context.Context) error {
	objs, err := j.Store.List(ctx, JournalObjectPrefix(j.Key))
	if err != nil {
		return j.Wrap("delete workspace: list its state journal", err)
	}
	aside, err := j.Store.List(ctx, asideObjectPrefix(j.Key))
	if err != nil {
		return j.Wrap("delete workspace: list its set-aside state journals", err)
	}
	return j.deleteObjectsErr(ctx, append(JournalObjectNames(objs), JournalObjectNames(aside)...))
}
