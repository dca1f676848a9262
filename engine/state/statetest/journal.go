package statetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// JournalStore is fresh storage for one journal check of a backend that
// keeps its journal as objects (S3, GCS): docs/state.md, "The journal".
type JournalStore struct {
	// Client returns a new client (a separate process) on the storage.
	Client func() state.Backend
	// Objects returns every object stored, by name.
	Objects func() map[string][]byte
	// Put stores data as object name behind the backend's back, as
	// Terraform writing the state would.
	Put func(name string, data []byte)
	// StateName is the state object's name.
	StateName string
	// WrapStore, when set, makes client c's journal go through
	// wrap(its state.ObjectStore): the suite injects faults with a
	// FaultStore (a whole write that leaves the journal it folded in, an
	// append whose connection is lost, another client's append landing
	// at an exact point). Without it the tests that need a fault skip,
	// or (a journal left behind by a crash) put the objects back, which
	// only simulates the crash where a rewrite keeps an object's identity
	// (S3's ETag of the same bytes; not GCS, where every write is a new
	// generation).
	WrapStore func(c state.Backend, wrap func(state.ObjectStore) state.ObjectStore)
	// Codec is the clients' codec; Encrypted says it seals.
	Codec     state.Codec
	Encrypted bool
}

// Faults wraps client c's journal store in a FaultStore and returns it,
// or nil without WrapStore.
func (s JournalStore) Faults(c state.Backend) *FaultStore {
	if s.WrapStore == nil {
		return nil
	}
	f := &FaultStore{}
	s.WrapStore(c, func(inner state.ObjectStore) state.ObjectStore {
		f.ObjectStore = inner
		return f
	})
	return f
}

// NewJournalStore makes a JournalStore for a subtest.
type NewJournalStore func(t *testing.T) JournalStore

// journalSecret is an attribute value that must never be in clear in an
// object of an encrypted state.
const journalSecret = "journal-secret-7f3a9c"

var journalTests = []struct {
	name string
	run  func(t *testing.T, s JournalStore)
}{
	{"appends round-trip to a fresh client", testJournalRoundTrip},
	{"the whole write removes the journal", testJournalFoldedByWrite},
	{"a journal the whole write folded, left behind, is removed without a warning", testJournalFoldedLeftover},
	{"a crash leaves a journal the next read replays and the next write folds", testJournalCrash},
	{"a journal relative to a foreign write is kept, warned, and set aside by the lock holder", testJournalForeignWrite},
	{"an append after another client wrote is stale", testJournalStaleAppend},
	{"two appenders of one append: one loses", testJournalSameSeq},
	{"no stored document: no journal base", testJournalNoBase},
}

// RunJournal checks a Journaler backend's journal on storage newStore
// makes per subtest.
func RunJournal(t *testing.T, newStore NewJournalStore) {
	for _, tc := range journalTests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStore(t)) })
	}
}

var journalAddr = addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "j"}

const journalProvider = `provider["registry.terraform.io/hashicorp/null"]`

// journaler returns c as a state.Journaler or fails.
func journaler(t *testing.T, c state.Backend) state.Journaler {
	t.Helper()
	j, ok := state.JournalerOf(c)
	if !ok {
		t.Fatalf("%s is not a state.Journaler", c)
	}
	return j
}

// appendChange sets object key of null_resource.j in working (which
// tracks changes), raises its serial and appends the change through c.
func appendChange(t *testing.T, c state.Backend, working *state.State, key int, value string) error {
	t.Helper()
	attrs, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("j-%d", key), "value": value, "secret": journalSecret})
	working.SetInstance(journalAddr, journalProvider, &state.Instance{Key: addrs.IntKey(key), Attributes: attrs})
	entries := working.TakeChanges()
	working.Serial++
	entries = append(entries, state.JournalEntry{Op: state.JournalSerial, Serial: working.Serial})
	return journaler(t, c).AppendJournal(ctx(t), entries)
}

func mustAppend(t *testing.T, c state.Backend, working *state.State, key int, value string) {
	t.Helper()
	if err := appendChange(t, c, working, key, value); err != nil {
		t.Fatalf("%s: AppendJournal: %v", c, err)
	}
}

// start writes a first document through a fresh client and returns the
// client and the working state, tracking changes from that document.
func startJournal(t *testing.T, s JournalStore) (state.Backend, *state.State) {
	t.Helper()
	c := s.Client()
	mustRead(t, c)
	st := Sample(state.New().Lineage, 1, "journal")
	mustWrite(t, c, st)
	working := st.DeepCopy()
	working.TrackChanges()
	return c, working
}

// journalObjects returns the names of the objects of the state's journal.
func journalObjects(s JournalStore) []string {
	var names []string
	for name := range s.Objects() {
		if strings.HasPrefix(name, state.JournalObjectPrefix(s.StateName)) {
			names = append(names, name)
		}
	}
	return names
}

// assertReads asserts a fresh client reads want: same content and serial.
func assertReads(t *testing.T, s JournalStore, want *state.State) state.Backend {
	t.Helper()
	c := s.Client()
	got := mustRead(t, c)
	if got == nil {
		t.Fatalf("%s: fresh client read nil, want serial %d", c, want.Serial)
	}
	if !got.SameContent(want) || got.Serial != want.Serial {
		t.Fatalf("%s: fresh client read serial %d with %d resources; want serial %d with the working state's content",
			c, got.Serial, len(got.Resources), want.Serial)
	}
	return c
}

func testJournalRoundTrip(t *testing.T, s JournalStore) {
	c, working := startJournal(t, s)
	for i := range 3 {
		mustAppend(t, c, working, i, fmt.Sprintf("v%d", i))
	}
	mustAppend(t, c, working, 0, "changed")
	if n := len(journalObjects(s)); n != 4 {
		t.Fatalf("%d journal objects after 4 appends, want 4: %v", n, journalObjects(s))
	}
	assertReads(t, s, working)
	// The journal's objects hold the records, sealed when the state is.
	var clear bool
	for name, data := range s.Objects() {
		if bytes.Contains(data, []byte(journalSecret)) {
			if s.Encrypted {
				t.Errorf("object %s holds an attribute of the encrypted state in clear", name)
			}
			clear = true
		}
	}
	if !s.Encrypted && !clear {
		t.Fatalf("no object holds the journal's records in clear: the check above would not see them")
	}
}

func testJournalFoldedByWrite(t *testing.T, s JournalStore) {
	c, working := startJournal(t, s)
	mustAppend(t, c, working, 0, "a")
	mustAppend(t, c, working, 1, "b")
	working.Serial++
	mustWrite(t, c, working)
	if names := journalObjects(s); len(names) != 0 {
		t.Fatalf("journal objects left after the whole write: %v", names)
	}
	assertReads(t, s, working)
	// Appending goes on relative to the new document.
	mustAppend(t, c, working, 2, "c")
	assertReads(t, s, working)
}

func testJournalCrash(t *testing.T, s JournalStore) {
	c, working := startJournal(t, s)
	mustAppend(t, c, working, 0, "a")
	mustAppend(t, c, working, 1, "b")
	// c dies here. The next client reads the records, and its write
	// folds them in.
	next := assertReads(t, s, working)
	after := mustRead(t, next)
	nw := after.DeepCopy()
	nw.TrackChanges()
	mustAppend(t, next, nw, 2, "after the crash")
	nw.Serial++
	mustWrite(t, next, nw)
	if names := journalObjects(s); len(names) != 0 {
		t.Fatalf("journal objects left after the next write: %v", names)
	}
	got := assertReads(t, s, nw)
	r := mustRead(t, got).FindResource(journalAddr)
	if r == nil || len(r.Instances) != 3 {
		t.Fatalf("the folded state lacks the crashed client's records: %+v", r)
	}
}

// noticed returns a context whose lock notice records messages.
type noticed struct {
	mu   sync.Mutex
	msgs []string
}

func (n *noticed) add(m string) { n.mu.Lock(); n.msgs = append(n.msgs, m); n.mu.Unlock() }

func (n *noticed) all() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return strings.Join(n.msgs, "\n")
}

func testJournalForeignWrite(t *testing.T, s JournalStore) {
	c, working := startJournal(t, s)
	mustAppend(t, c, working, 0, "a")
	// Terraform (or state push -force) writes the document.
	foreign := Sample(working.Lineage, 10, "foreign")
	data, err := s.Codec.Encode(foreign)
	if err != nil {
		t.Fatal(err)
	}
	s.Put(s.StateName, data)

	// A reader without the lock: the foreign document, a warning, the
	// journal kept.
	var n noticed
	r := s.Client()
	got, err := r.Read(state.WithLockNotice(ctx(t), n.add))
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || !got.SameContent(foreign) || got.Serial != 10 {
		t.Fatalf("read after a foreign write = %+v; want the foreign document, the journal not applied", got)
	}
	if !strings.Contains(n.all(), "not applied") || !strings.Contains(n.all(), "left in place") {
		t.Fatalf("notice = %q; want a warning that the journal was not applied and left in place", n.all())
	}
	if len(journalObjects(s)) != 1 {
		t.Fatalf("journal objects = %v; want the one append kept", journalObjects(s))
	}
	// The writer's next append is stale.
	if err := appendChange(t, c, working, 1, "b"); !errors.Is(err, state.ErrStale) {
		t.Fatalf("append after a foreign write = %v; want ErrStale", err)
	}

	// A lock holder moves it aside, with a warning.
	var m noticed
	h := s.Client()
	id := mustLock(t, h, &state.LockInfo{Operation: "test"})
	defer h.Unlock(ctx(t), id)
	got, err = h.Read(state.WithLockNotice(ctx(t), m.add))
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || !got.SameContent(foreign) {
		t.Fatalf("lock holder's read = %+v; want the foreign document", got)
	}
	if !strings.Contains(m.all(), "moved to") {
		t.Fatalf("notice = %q; want a warning that the journal was moved aside", m.all())
	}
	if names := journalObjects(s); len(names) != 0 {
		t.Fatalf("journal objects after the lock holder's read: %v; want them moved aside", names)
	}
	var aside int
	for name := range s.Objects() {
		if strings.Contains(name, "unreplayed") {
			aside++
		}
	}
	if aside < 1 {
		t.Fatalf("no object moved aside: %v", s.Objects())
	}
	// Once set aside, a read no longer warns.
	var q noticed
	if _, err := s.Client().Read(state.WithLockNotice(ctx(t), q.add)); err != nil || q.all() != "" {
		t.Fatalf("read after setting aside: %v, notice %q; want none", err, q.all())
	}
}

func testJournalStaleAppend(t *testing.T, s JournalStore) {
	a, working := startJournal(t, s)
	b := s.Client()
	st := mustRead(t, b)
	st.Serial++
	mustWrite(t, b, st)
	if err := appendChange(t, a, working, 0, "a"); !errors.Is(err, state.ErrStale) {
		t.Fatalf("append after another client wrote = %v; want ErrStale", err)
	}
	// The stale append is not applied to the new document.
	assertReads(t, s, st)
}

func testJournalSameSeq(t *testing.T, s JournalStore) {
	a, working := startJournal(t, s)
	b := s.Client()
	bw := mustRead(t, b).DeepCopy()
	bw.TrackChanges()
	mustAppend(t, a, working, 0, "a")
	if err := appendChange(t, b, bw, 0, "b"); !errors.Is(err, state.ErrStale) {
		t.Fatalf("second append of the same number = %v; want ErrStale", err)
	}
	assertReads(t, s, working)
}

func testJournalNoBase(t *testing.T, s JournalStore) {
	c := s.Client()
	mustRead(t, c)
	w := state.New()
	w.TrackChanges()
	if err := appendChange(t, c, w, 0, "x"); !errors.Is(err, state.ErrNoJournalBase) {
		t.Fatalf("append with no stored document = %v; want ErrNoJournalBase", err)
	}
}

func testJournalFoldedLeftover(t *testing.T, s JournalStore) {
	c, working := startJournal(t, s)
	mustAppend(t, c, working, 0, "a")
	mustAppend(t, c, working, 1, "b")
	left := map[string][]byte{}
	for _, name := range journalObjects(s) {
		left[name] = s.Objects()[name]
	}
	working.Serial++
	// The writer died before it removed the journal it folded in.
	if f := s.Faults(c); f != nil {
		f.KeepNextDelete()
		mustWrite(t, c, working)
		if len(journalObjects(s)) != len(left) {
			t.Fatalf("journal objects after a write keeping them: %v; want %d", journalObjects(s), len(left))
		}
	} else {
		mustWrite(t, c, working)
		for name, data := range left {
			s.Put(name, data)
		}
	}
	var n noticed
	if got, err := s.Client().Read(state.WithLockNotice(ctx(t), n.add)); err != nil || !got.SameContent(working) || got.Serial != working.Serial {
		t.Fatalf("read beside a folded journal = %v; want the document (serial %d), not replayed again", err, working.Serial)
	}
	h := s.Client()
	id := mustLock(t, h, &state.LockInfo{Operation: "test"})
	defer h.Unlock(ctx(t), id)
	if _, err := h.Read(state.WithLockNotice(ctx(t), n.add)); err != nil {
		t.Fatal(err)
	}
	if n.all() != "" {
		t.Fatalf("notice = %q; want none for a journal the document holds", n.all())
	}
	if names := journalObjects(s); len(names) != 0 {
		t.Fatalf("journal objects after the lock holder's read: %v; want the folded leftovers removed", names)
	}
	for name := range s.Objects() {
		if strings.Contains(name, "unreplayed") {
			t.Fatalf("folded leftovers were set aside as %s; want them removed", name)
		}
	}
}
