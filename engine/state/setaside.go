package state

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/addrs"
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
	// SetAsideJournalIDs lists the IDs of the state's set-aside
	// journals, oldest first, without reading their contents (what
	// removing them all needs). It takes no lock and changes nothing.
	SetAsideJournalIDs(ctx context.Context) ([]string, error)
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
func JournalInspectorOf(b Backend) (JournalInspector, bool) { return unwrapTo[JournalInspector](b) }

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

// PickSetAsideJournals returns the journals of list (a backend's, info
// giving each one's description) that ids name, as FindSetAsideJournals
// finds them.
func PickSetAsideJournals[T any](list []T, info func(T) SetAsideJournal, ids []string) ([]T, error) {
	idx, err := FindSetAsideJournals(SetAsideInfos(list, info), ids)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = list[i]
	}
	return out, nil
}

// SetAsideInfos returns the descriptions of list's journals (info gives
// each one's).
func SetAsideInfos[T any](list []T, info func(T) SetAsideJournal) []SetAsideJournal {
	out := make([]SetAsideJournal, len(list))
	for i, a := range list {
		out[i] = info(a)
	}
	return out
}

// SetAsideIDs returns the IDs of list's journals (info gives each one's
// description).
func SetAsideIDs[T any](list []T, info func(T) SetAsideJournal) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = info(a).ID
	}
	return out
}

// UnreadableSetAside is the error of reading the set-aside journal j
// whose entries cannot be decoded (DecodeErr); nil when they can.
func UnreadableSetAside(j SetAsideJournal) error {
	if j.DecodeErr == nil {
		return nil
	}
	return fmt.Errorf("the set-aside journal %s cannot be read: %w", j.Where, j.DecodeErr)
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

// JournalObjectChange is what a journal's records do to one object,
// compared with a state (CompareJournal).
type JournalObjectChange struct {
	Addr    addrs.ResourceInstance
	Deposed string
	// Removed says the journal's last record of the object removes it;
	// else Instance is the object it sets.
	Removed  bool
	Instance *Instance
	// Provider and EachMode are the resource's, as the record names them.
	Provider, EachMode string
	// InState says the state holds the object, and Same that it holds
	// it as the journal sets it.
	InState, Same bool
}

// Describe says, in a few words, how the journal's object compares with
// the state's: what a user needs to decide whether the journal holds
// something the state lacks.
func (c JournalObjectChange) Describe() string {
	switch {
	case c.Removed && c.InState:
		return "removed in the journal, still in the state"
	case c.Removed:
		return "removed in the journal, not in the state either"
	case !c.InState:
		return "in the journal, not in the state"
	case c.Same:
		return "the same in the journal and in the state"
	default:
		return "differs between the journal and the state"
	}
}

// CompareJournal returns, per object the entries set or remove (the last
// record of each, in the order objects first appear), how it compares
// with st (nil: no state).
func CompareJournal(st *State, entries []JournalEntry) []JournalObjectChange {
	type slot struct {
		addr    addrs.Resource
		key     addrs.InstanceKey
		deposed string
	}
	var order []slot
	last := map[slot]*JournalEntry{}
	for i := range entries {
		e := &entries[i]
		var s slot
		switch e.Op {
		case JournalSetInstance:
			s = slot{e.Addr, e.Instance.Key, e.Instance.Deposed}
		case JournalRemoveInstance:
			s = slot{e.Addr, e.Key, e.Deposed}
		default:
			continue
		}
		if _, ok := last[s]; !ok {
			order = append(order, s)
		}
		last[s] = e
	}
	out := make([]JournalObjectChange, 0, len(order))
	for _, s := range order {
		e := last[s]
		c := JournalObjectChange{Addr: s.addr.Instance(s.key), Deposed: s.deposed, Removed: e.Op == JournalRemoveInstance,
			Instance: e.Instance, Provider: e.Provider, EachMode: e.EachMode}
		var cur *Instance
		if st != nil {
			if r := st.FindResource(s.addr); r != nil {
				cur = r.Instance(s.key, s.deposed)
			}
		}
		c.InState = cur != nil
		c.Same = cur != nil && !c.Removed && sameInstance(cur, e.Instance)
		out = append(out, c)
	}
	return out
}
