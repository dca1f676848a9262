package state

import (
	"context"
	"sync"
)

// LockedJournal gives an object-store backend the methods of Journaler
// and JournalInspector, each running its StoreJournal under the backend's
// own mutex (which its Read and Write hold too): embedded in the S3 and
// GCS backends, set by LockJournal once the StoreJournal is made.
type LockedJournal struct {
	mu      *sync.Mutex
	journal *StoreJournal
}

// LockJournal returns the journal methods of j, run under mu.
func LockJournal(mu *sync.Mutex, j *StoreJournal) LockedJournal {
	return LockedJournal{mu: mu, journal: j}
}

// AppendJournal stores entries as the next append of the journal relative
// to the document the backend last read or wrote (StoreJournal.Append).
func (l LockedJournal) AppendJournal(ctx context.Context, entries []JournalEntry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.journal.Append(ctx, entries)
}

// SetAsideJournals lists the journals set aside beside the state object
// (StoreJournal.SetAside).
func (l LockedJournal) SetAsideJournals(ctx context.Context) ([]SetAsideJournal, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.journal.SetAside(ctx)
}

// SetAsideJournalIDs lists the IDs of the journals set aside beside the
// state object (StoreJournal.SetAsideIDs).
func (l LockedJournal) SetAsideJournalIDs(ctx context.Context) ([]string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.journal.SetAsideIDs(ctx)
}

// ReadSetAsideJournal reads the set-aside journal id
// (StoreJournal.ReadSetAside).
func (l LockedJournal) ReadSetAsideJournal(ctx context.Context, id string) (SetAsideJournal, []JournalEntry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.journal.ReadSetAside(ctx, id)
}

// RemoveSetAsideJournals deletes the set-aside journals ids
// (StoreJournal.RemoveSetAside).
func (l LockedJournal) RemoveSetAsideJournals(ctx context.Context, ids []string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.journal.RemoveSetAside(ctx, ids)
}
