package state

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"

	"github.com/trueup/trueup/engine/addrs"
)

// Journaler is a Backend that can store changes to the state it last read
// or wrote as a journal beside the document, so that a long apply records
// what it did every second at a cost of the records made since its last
// write rather than of the whole document (docs/state.md, "The journal").
//
// The journal is relative to the document version the backend last read
// or wrote: Read applies a journal that belongs to the stored document,
// and the next Write, which stores a whole document, removes it once the
// document is durably in place.
type Journaler interface {
	Backend
	// AppendJournal durably records entries after those already in the
	// journal of the version last read or written. It fails with
	// ErrNoJournalBase when there is no stored document for the journal to
	// be relative to (write a whole document instead), and with an error
	// wrapping ErrStale when the stored document or its journal changed
	// since. A failed append leaves the journal as it was.
	AppendJournal(ctx context.Context, entries []JournalEntry) error
}

// JournalerOf returns the Journaler b is, or wraps: a backend that wraps
// another and has an Unwrap() Backend method (the agent's lock-watching
// wrapper) is looked through, so that wrapping a backend does not turn its
// journal off. A wrapper that must see every write (to check or change
// it) must not have Unwrap, or must implement AppendJournal itself.
func JournalerOf(b Backend) (Journaler, bool) { return unwrapTo[Journaler](b) }

// unwrapTo returns the T that b is, or that a backend it wraps is (an
// Unwrap() Backend method, looked through as often as it is found).
func unwrapTo[T any](b Backend) (T, bool) {
	for b != nil {
		if t, ok := b.(T); ok {
			return t, true
		}
		u, ok := b.(interface{ Unwrap() Backend })
		if !ok {
			break
		}
		b = u.Unwrap()
	}
	var none T
	return none, false
}

// ErrNoJournalBase means a journal cannot be appended: no document was
// read or written to be its base, or an earlier append failed in a way
// that only a whole-document write repairs.
var ErrNoJournalBase = errors.New("no stored state for a journal to be relative to")

// JournalOp is what a JournalEntry changes.
type JournalOp uint8

const (
	// JournalSetInstance records Instance in the resource at Addr
	// (SetInstance), with the resource's Provider and EachMode.
	JournalSetInstance JournalOp = iota + 1
	// JournalRemoveInstance removes the object Key, Deposed of the
	// resource at Addr (RemoveInstance), and the resource when it was its
	// last.
	JournalRemoveInstance
	// JournalOutputs replaces all root outputs with Outputs.
	JournalOutputs
	// JournalCheckResults replaces the check results with CheckResults.
	JournalCheckResults
	// JournalMeta replaces TrueupVersion and Meta.
	JournalMeta
	// JournalSerial sets the state's serial to Serial. A writer ends each
	// append with one, after raising its serial for that append, so that
	// every append and the whole write after them are strictly
	// increasing serials (a reader mid-apply sees the last append's).
	JournalSerial
)

// JournalEntry is one change to a State. Applied in order to the state the
// journal is relative to, the entries give the state that recorded them.
// Entries of different instances are independent: their order does not
// matter.
type JournalEntry struct {
	Op       JournalOp
	Addr     addrs.Resource
	Provider string
	EachMode string
	// Instance is the object to set; the entry owns the Instance value
	// but shares its slices, which are never changed in place.
	Instance *Instance
	// Key and Deposed name the object to remove.
	Key     addrs.InstanceKey
	Deposed string

	Outputs       map[string]*Output
	CheckResults  []CheckResult
	TrueupVersion string
	Meta          Meta
	// Serial is a JournalSerial entry's serial.
	Serial uint64
}

// changeSet is what TrackChanges keeps: the objects changed since the
// last TakeChanges, and the resource-independent parts as they were then.
type changeSet struct {
	insts   map[instSlot]struct{}
	outputs map[string]*Output
	checks  []CheckResult
	version string
	meta    Meta
}

// instSlot names one object of a state.
type instSlot struct {
	addr    addrs.Resource
	key     addrs.InstanceKey
	deposed string
}

// TrackChanges makes s remember which objects change from now on, so that
// TakeChanges returns the journal entries that bring the state as it is
// now to the state as it will be. SetInstance and RemoveInstance are
// tracked; a field changed in place on an instance (Status, Deposed,
// Dependencies) must be announced with Touch, before and after a change of
// Deposed. Outputs, check results and Meta are compared when taken.
// A copy of s does not track. Calling it again starts afresh.
func (s *State) TrackChanges() {
	s.chg = &changeSet{
		insts:   map[instSlot]struct{}{},
		outputs: maps.Clone(s.Outputs),
		checks:  copyCheckResults(s.CheckResults),
		version: s.TrueupVersion,
		meta:    s.Meta,
	}
}

// StopTrackingChanges ends TrackChanges.
func (s *State) StopTrackingChanges() { s.chg = nil }

// Touch tells TrackChanges that the object key, deposed of the resource at
// a changed in place (or is about to move to another deposed key).
func (s *State) Touch(a addrs.Resource, key addrs.InstanceKey, deposed string) {
	if s.chg != nil {
		s.chg.insts[instSlot{a, key, deposed}] = struct{}{}
	}
}

// TakeChanges returns the entries that record what changed since
// TrackChanges or the last TakeChanges, and starts tracking afresh; nil
// when s does not track or nothing changed.
func (s *State) TakeChanges() []JournalEntry {
	c := s.chg
	if c == nil {
		return nil
	}
	out := make([]JournalEntry, 0, len(c.insts)+3)
	for slot := range c.insts {
		r := s.FindResource(slot.addr)
		var in *Instance
		if r != nil {
			in = r.Instance(slot.key, slot.deposed)
		}
		if in == nil {
			out = append(out, JournalEntry{Op: JournalRemoveInstance, Addr: slot.addr, Key: slot.key, Deposed: slot.deposed})
			continue
		}
		ic := *in
		out = append(out, JournalEntry{Op: JournalSetInstance, Addr: slot.addr, Provider: r.Provider, EachMode: r.EachMode, Instance: &ic})
	}
	clear(c.insts)
	if !maps.EqualFunc(s.Outputs, c.outputs, sameOutput) {
		c.outputs = maps.Clone(s.Outputs)
		out = append(out, JournalEntry{Op: JournalOutputs, Outputs: maps.Clone(s.Outputs)})
	}
	if !reflect.DeepEqual(s.CheckResults, c.checks) {
		c.checks = copyCheckResults(s.CheckResults)
		out = append(out, JournalEntry{Op: JournalCheckResults, CheckResults: copyCheckResults(s.CheckResults)})
	}
	if s.TrueupVersion != c.version || !sameMeta(s.Meta, c.meta) {
		c.version, c.meta = s.TrueupVersion, s.Meta
		out = append(out, JournalEntry{Op: JournalMeta, TrueupVersion: s.TrueupVersion, Meta: s.Meta})
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func sameMeta(a, b Meta) bool {
	return a.Commit == b.Commit && a.Source == b.Source && a.AppliedAt.Equal(b.AppliedAt)
}

// ApplyJournal applies entries to s in order.
func (s *State) ApplyJournal(entries []JournalEntry) {
	for _, e := range entries {
		switch e.Op {
		case JournalSetInstance:
			r := s.SetInstance(e.Addr, e.Provider, e.Instance)
			r.EachMode = e.EachMode
		case JournalRemoveInstance:
			s.RemoveInstance(e.Addr, e.Key, e.Deposed)
		case JournalOutputs:
			s.Outputs = maps.Clone(e.Outputs)
			if s.Outputs == nil {
				s.Outputs = map[string]*Output{}
			}
		case JournalCheckResults:
			s.CheckResults = copyCheckResults(e.CheckResults)
		case JournalMeta:
			s.TrueupVersion, s.Meta = e.TrueupVersion, e.Meta
		case JournalSerial:
			s.Serial = e.Serial
		}
	}
}

// JournalFrom returns the entries that turn from into s: the objects that
// differ or are missing on either side, and the outputs, check results
// and metadata when they differ. It compares every object (attribute
// bytes included): O(size of the states), once, where a whole write of s
// would encode it. It reports false when s has another lineage, which no
// journal can record.
func (s *State) JournalFrom(from *State) ([]JournalEntry, bool) {
	if from == nil || s.Lineage != from.Lineage {
		return nil, false
	}
	var out []JournalEntry
	for _, r := range s.Resources {
		fr := from.FindResource(r.Addr)
		find := instanceFinder(fr)
		for _, in := range r.Instances {
			old := find(in.Key, in.Deposed)
			if old != nil && sameInstance(old, in) && fr.Provider == r.Provider && fr.EachMode == r.EachMode {
				continue
			}
			ic := *in
			out = append(out, JournalEntry{Op: JournalSetInstance, Addr: r.Addr, Provider: r.Provider, EachMode: r.EachMode, Instance: &ic})
		}
	}
	for _, fr := range from.Resources {
		find := instanceFinder(s.FindResource(fr.Addr))
		for _, in := range fr.Instances {
			if find(in.Key, in.Deposed) == nil {
				out = append(out, JournalEntry{Op: JournalRemoveInstance, Addr: fr.Addr, Key: in.Key, Deposed: in.Deposed})
			}
		}
	}
	if !maps.EqualFunc(s.Outputs, from.Outputs, sameOutput) {
		out = append(out, JournalEntry{Op: JournalOutputs, Outputs: maps.Clone(s.Outputs)})
	}
	if !reflect.DeepEqual(s.CheckResults, from.CheckResults) {
		out = append(out, JournalEntry{Op: JournalCheckResults, CheckResults: copyCheckResults(s.CheckResults)})
	}
	if s.TrueupVersion != from.TrueupVersion || !sameMeta(s.Meta, from.Meta) {
		out = append(out, JournalEntry{Op: JournalMeta, TrueupVersion: s.TrueupVersion, Meta: s.Meta})
	}
	return out, true
}

// instanceFinder returns a lookup of r's instances (none when r is nil)
// that writes nothing to r, which others may be reading: r's index when
// it is fresh, else, for a resource of many instances, one built for the
// caller, so that comparing two states of N instances of one resource
// (count, for_each) costs O(N), not O(N²) as Instance's scan of a
// resource without its index (a copy) would.
func instanceFinder(r *Resource) func(key addrs.InstanceKey, deposed string) *Instance {
	if r == nil {
		return func(addrs.InstanceKey, string) *Instance { return nil }
	}
	x := r.index
	if !x.fresh(r.Instances) && len(r.Instances) >= instanceIndexMin {
		x = buildInstanceIndex(r.Instances)
	}
	return func(key addrs.InstanceKey, deposed string) *Instance {
		i, ok := x.lookup(r.Instances, key, deposed)
		if !ok {
			i = scanInstances(r.Instances, key, deposed)
		}
		if i < 0 {
			return nil
		}
		return r.Instances[i]
	}
}

// NoticeJournalMismatch tells ctx's lock notice (WithLockNotice) that
// journal (where it is and what it is relative to: "PATH (lineage L serial
// N)", "s3://bucket/KEY.journal/BASE/ (3 appends)") was written after
// another version of the state than s, the one stored, so its records
// were not applied: moved to aside when aside is set, else left in place
// because this client does not hold the state lock. Every backend that
// keeps a journal warns with it.
func NoticeJournalMismatch(ctx context.Context, journal string, s *State, aside string) {
	if aside != "" {
		lockNotice(ctx, fmt.Sprintf("Warning: the state journal %s was written after another version of the state "+
			"than the one stored (%s): its records were not applied, and it was moved to %s. Inspect it (trueup state journals, "+
			"then trueup state journals show ID) before deleting it (trueup state journals rm ID): it may name objects that "+
			"exist but that the state does not record.", journal, storedName(s), aside))
		return
	}
	lockNotice(ctx, fmt.Sprintf("Warning: the state journal %s was written after another version of the state "+
		"than the one read (%s): its records were not applied. This command does not hold the state lock, so the journal "+
		"was left in place (an apply may be writing it); the next command that takes the lock moves it aside if it "+
		"still does not match.", journal, storedName(s)))
}
