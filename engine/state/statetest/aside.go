package statetest

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// AsideStorage is fresh storage for one check of a backend's set-aside
// journals (state.JournalInspector): every built-in backend.
type AsideStorage struct {
	// Client returns a new client (a separate process) on the storage.
	Client func() state.Backend
	// ForeignWrite stores data as the state document behind the
	// backend's back, as Terraform (or a hand) writing the state would.
	ForeignWrite func(data []byte)
	// Codec is the clients' codec; Encrypted says it seals.
	Codec     state.Codec
	Encrypted bool
}

// NewAsideStorage makes an AsideStorage for a subtest.
type NewAsideStorage func(t *testing.T) AsideStorage

// AsideFromJournalStore is the AsideStorage of an object store's
// JournalStore.
func AsideFromJournalStore(newStore NewJournalStore) NewAsideStorage {
	return func(t *testing.T) AsideStorage {
		s := newStore(t)
		return AsideStorage{
			Client:       s.Client,
			ForeignWrite: func(data []byte) { s.Put(s.StateName, data) },
			Codec:        s.Codec,
			Encrypted:    s.Encrypted,
		}
	}
}

// RunSetAsideJournals checks that a journal a lock holder set aside is
// listed, read (decrypted) and removed through state.JournalInspector,
// and that removing never touches the live journal.
func RunSetAsideJournals(t *testing.T, newStorage NewAsideStorage) {
	t.Run("a set-aside journal is listed, read and removed; the live journal is kept", func(t *testing.T) {
		testSetAsideLifecycle(t, newStorage(t))
	})
	t.Run("an unknown id removes nothing", func(t *testing.T) {
		testSetAsideUnknownID(t, newStorage(t))
	})
}

var asideID = regexp.MustCompile(`^[0-9a-f]{12}$`)

// inspector returns c's state.JournalInspector or fails.
func inspector(t *testing.T, c state.Backend) state.JournalInspector {
	t.Helper()
	j, ok := state.JournalInspectorOf(c)
	if !ok {
		t.Fatalf("%s is not a state.JournalInspector", c)
	}
	return j
}

func listAside(t *testing.T, c state.Backend) []state.SetAsideJournal {
	t.Helper()
	list, err := inspector(t, c).SetAsideJournals(ctx(t))
	if err != nil {
		t.Fatalf("SetAsideJournals: %v", err)
	}
	return list
}

// setAside makes a journal of two appends (null_resource.j[0] and [1])
// relative to a document that a foreign write then replaces, and has a
// lock holder read and write, which sets it aside on every backend. It
// returns the foreign document as the holder wrote it.
func setAside(t *testing.T, s AsideStorage, serial uint64) *state.State {
	t.Helper()
	a := s.Client()
	cur := mustRead(t, a)
	var working *state.State
	if cur == nil {
		working = Sample(state.New().Lineage, serial, "aside")
	} else {
		working = cur.DeepCopy()
		working.Serial = serial
	}
	mustWrite(t, a, working)
	working = working.DeepCopy()
	working.TrackChanges()
	mustAppend(t, a, working, 0, "only-in-the-journal")
	mustAppend(t, a, working, 1, "also-only-in-the-journal")

	foreign := Sample(working.Lineage, serial+10, "foreign")
	data, err := s.Codec.Encode(foreign)
	if err != nil {
		t.Fatal(err)
	}
	s.ForeignWrite(data)

	h := s.Client()
	id := mustLock(t, h, &state.LockInfo{Operation: "test"})
	defer mustUnlock(t, h, id)
	got := mustRead(t, h)
	if got == nil || got.FindResource(journalAddr) != nil {
		t.Fatalf("the lock holder read %+v; want the foreign document, the journal not applied", got)
	}
	got.Serial++
	mustWrite(t, h, got)
	return got
}

func testSetAsideLifecycle(t *testing.T, s AsideStorage) {
	if l := listAside(t, s.Client()); len(l) != 0 {
		t.Fatalf("set-aside journals of fresh storage: %+v", l)
	}
	before := time.Now().Add(-time.Minute)
	setAside(t, s, 1)
	c := s.Client()
	list := listAside(t, c)
	if len(list) != 1 {
		t.Fatalf("set-aside journals = %+v; want the one set aside", list)
	}
	j := list[0]
	if !asideID.MatchString(j.ID) || j.Where == "" || j.Base == "" {
		t.Errorf("set-aside journal %+v: want a 12-digit hex ID, where it is and the version it was relative to", j)
	}
	if j.SetAside.Before(before) || j.SetAside.After(time.Now().Add(time.Minute)) {
		t.Errorf("set aside at %v; want about now", j.SetAside)
	}
	// Two appends, each a set and a serial.
	if j.Appends != 2 || j.Records != 4 || j.Size <= 0 || j.DecodeErr != nil {
		t.Errorf("set-aside journal %+v: want 2 appends, 4 records, its size", j)
	}
	info, entries, err := inspector(t, c).ReadSetAsideJournal(ctx(t), j.ID[:6])
	if err != nil {
		t.Fatalf("ReadSetAsideJournal(%s): %v", j.ID[:6], err)
	}
	if info.ID != j.ID {
		t.Errorf("ReadSetAsideJournal by a prefix of %s read %s", j.ID, info.ID)
	}
	var sets []string
	for _, e := range entries {
		if e.Op == state.JournalSetInstance {
			if e.Addr != journalAddr || !bytes.Contains(e.Instance.Attributes, []byte("only-in-the-journal")) {
				t.Errorf("record %s %s; want null_resource.j with the appended value (decrypted)", e.Addr, e.Instance.Attributes)
			}
			sets = append(sets, string(e.Instance.Attributes))
		}
	}
	if len(sets) != 2 {
		t.Fatalf("records set %d objects; want 2: %v", len(sets), sets)
	}

	// The live journal of the stored document: a client appends to it.
	w := s.Client()
	live := mustRead(t, w).DeepCopy()
	live.TrackChanges()
	mustAppend(t, w, live, 5, "the-live-journal")

	// A second set-aside journal, then remove the first.
	h := s.Client()
	lock := mustLock(t, h, &state.LockInfo{Operation: "test"})
	if err := inspector(t, h).RemoveSetAsideJournals(ctx(t), []string{j.ID}); err != nil {
		t.Fatalf("RemoveSetAsideJournals(%s): %v", j.ID, err)
	}
	mustUnlock(t, h, lock)
	if l := listAside(t, s.Client()); len(l) != 0 {
		t.Fatalf("set-aside journals after removing the one: %+v", l)
	}
	got := mustRead(t, s.Client())
	r := got.FindResource(journalAddr)
	if r == nil || r.Instance(addrs.IntKey(5), "") == nil || got.Serial != live.Serial {
		t.Fatalf("after removing the set-aside journal, a fresh client reads serial %d (want %d) without the live journal's record: removing deleted the live journal", got.Serial, live.Serial)
	}
	if _, _, err := inspector(t, c).ReadSetAsideJournal(ctx(t), j.ID); !errors.Is(err, state.ErrNoSetAsideJournal) {
		t.Errorf("ReadSetAsideJournal of a removed journal = %v; want ErrNoSetAsideJournal", err)
	}
}

func testSetAsideUnknownID(t *testing.T, s AsideStorage) {
	setAside(t, s, 1)
	setAside(t, s, 30)
	c := s.Client()
	list := listAside(t, c)
	if len(list) != 2 || list[0].SetAside.After(list[1].SetAside) {
		t.Fatalf("set-aside journals = %+v; want two, oldest first", list)
	}
	// The IDs alone (what rm -all removes), in the same order.
	ids, err := inspector(t, c).SetAsideJournalIDs(ctx(t))
	if err != nil || !slices.Equal(ids, []string{list[0].ID, list[1].ID}) {
		t.Fatalf("SetAsideJournalIDs = %q, %v; want %q and %q", ids, err, list[0].ID, list[1].ID)
	}
	err = inspector(t, c).RemoveSetAsideJournals(ctx(t), []string{list[0].ID, "0123456789ab"})
	if !errors.Is(err, state.ErrNoSetAsideJournal) || !strings.Contains(err.Error(), "0123456789ab") {
		t.Fatalf("remove with an unknown id = %v; want ErrNoSetAsideJournal naming it", err)
	}
	if l := listAside(t, c); len(l) != 2 {
		t.Fatalf("set-aside journals after a refused remove: %d; want both kept", len(l))
	}
	if err := inspector(t, c).RemoveSetAsideJournals(ctx(t), []string{list[1].ID}); err != nil {
		t.Fatal(err)
	}
	if l := listAside(t, c); len(l) != 1 || l[0].ID != list[0].ID {
		t.Fatalf("after removing the newer: %+v; want the older kept", l)
	}
	if s.Encrypted {
		_, entries, err := inspector(t, c).ReadSetAsideJournal(ctx(t), list[0].ID)
		if err != nil || len(entries) != 4 {
			t.Fatalf("reading an encrypted set-aside journal: %d entries, %v", len(entries), err)
		}
	}
}
