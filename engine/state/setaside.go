package state

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SetAsideJournal is a journal a lock holder set aside because it did not
// belong to the stored document (NoticeJournalMismatch): a foreign write,
// a stale client's append, a journal with no document. It is never
// applied; a user inspects it (trueup state journals show) and removes it
// (trueup state journals rm), docs/state.md, "Set-aside journals".
type SetAsideJournal struct {
	// ID names it to JournalInspector's other methods: the first 12 hex
	// digits of the SHA-256 of Where, the same on every read.
	ID string
	// Where is where the backend keeps it: a file path, the prefix of
	// its objects ("s3://b/KEY.journal-unreplayed-TIME/BASE/"), the rows
	// of the journal table.
	Where string
	// SetAside is when it was set aside.
	SetAside time.Time
	// Base names the document version it was relative to: "lineage L
	// serial N" where the backend recorded them (local, pg), else the
	// object store's version token (an ETag, a generation).
	Base string
	// Appends is how many appends it holds; Records how many journal
	// entries, -1 when they cannot be read (DecodeErr says why: another
	// encryption key, a corrupt append); Size its size in bytes.
	Appends   int
	Records   int
	Size      int64
	DecodeErr error
}

// JournalInspector is a Journaler backend that lists, reads and removes
// the journals it set aside. It is an optional interface: every built-in
// backend implements it; JournalInspectorOf finds it through wrappers.
type JournalInspector interface {
	Backend
	// SetAsideJournals lists the state's set-aside journals, oldest
	// first. It takes no lock and changes nothing.
	SetAsideJournals(ctx context.Context) ([]SetAsideJournal, error)
	// ReadSetAsideJournal returns the set-aside journal id (or a unique
	// prefix of it) and its entries, decoded with the state's codec. An
	// unknown id is an error wrapping ErrNoSetAsideJournal.
	ReadSetAsideJournal(ctx context.Context, id string) (SetAsideJournal, []JournalEntry, error)
	// RemoveSetAsideJournals deletes the set-aside journals ids (or
	// unique prefixes); an unknown id is an error wrapping
	// ErrNoSetAsideJournal, and nothing is deleted then. It never
	// touches the live journal. The caller holds the state lock.
	RemoveSetAsideJournals(ctx context.Context, ids []string) error
}

// ErrNoSetAsideJournal is an id that names no set-aside journal.
var ErrNoSetAsideJournal = fmt.Errorf("no such set-aside journal")

// JournalInspectorOf returns the JournalInspector b is, or wraps (an
// Unwrap() Backend method, as JournalerOf).
func JournalInspectorOf(b Backend) (JournalInspector, bool) {
	for b != nil {
		if j, ok := b.(JournalInspector); ok {
			return j, true
		}
		u, ok := b.(interface{ Unwrap() Backend })
		if !ok {
			return nil, false
		}
		b = u.Unwrap()
	}
	return nil, false
}

// SetAsideJournalID returns the ID of the set-aside journal at where.
func SetAsideJournalID(where string) string {
	sum := sha256.Sum256([]byte(where))
	return hex.EncodeToString(sum[:6])
}

// FindSetAsideJournals returns the indexes in list of the journals ids
// name (each an ID or a unique prefix of one, at least 4 digits), in the
// order of ids, without repeats; an id that names none, or more than one,
// is an error wrapping ErrNoSetAsideJournal.
func FindSetAsideJournals(list []SetAsideJournal, ids []string) ([]int, error) {
	var out []int
	for _, id := range ids {
		id = strings.ToLower(strings.TrimSpace(id))
		found := -1
		for i, j := range list {
			if len(id) >= 4 && strings.HasPrefix(j.ID, id) {
				if found >= 0 {
					return nil, fmt.Errorf("%q names more than one set-aside journal: give more digits", id)
				}
				found = i
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("%q: %w", id, ErrNoSetAsideJournal)
		}
		if !slices.Contains(out, found) {
			out = append(out, found)
		}
	}
	return out, nil
}

// countRecords fills j's Records (and DecodeErr) from a decode of its
// entries.
func (j *SetAsideJournal) countRecords(entries []JournalEntry, err error) {
	if err != nil {
		j.Records, j.DecodeErr = -1, err
		return
	}
	j.Records = len(entries)
}

// compareSetAside orders journals oldest first (then by ID), as
// SetAsideJournals returns them.
func compareSetAside(a, b SetAsideJournal) int {
	if c := a.SetAside.Compare(b.SetAside); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// setAsideTimeFormat is the TIME of a set-aside journal's name.
const setAsideTimeFormat = "20060102T150405.000000000Z"
