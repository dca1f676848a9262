package statetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// RunJournalStaleClients checks that a stale client of the object-store
// journal (S3, GCS) neither loses its append silently nor drops another
// client's by a whole write, and that the whole write's journal check
// lets a client's own failed append through (FaultStore.FailNextPut).
// Unencrypted stores only (it looks for a record's bytes).
func RunJournalStaleClients(t *testing.T, newStore NewJournalStore) {
	t.Run("a stale client's append after a fold is not silently deleted", func(t *testing.T) {
		testJournalStaleAppendAfterFoldKept(t, newStore(t))
	})
	t.Run("a client that read fewer appends than stored cannot write", func(t *testing.T) {
		testJournalWriterMissedAppendsRefused(t, newStore(t))
	})
	t.Run("a write refused for a changed journal keeps the previous version retrievable", func(t *testing.T) {
		testJournalRefusedWriteKeepsHistory(t, newStore(t))
	})
	t.Run("an append landing between the whole write's journal check and its PUT is kept, set aside and its writer refused", func(t *testing.T) {
		s := newStore(t)
		if s.WrapStore == nil {
			t.Skip("no fault hook")
		}
		testJournalAppendInCheckWindow(t, s)
	})
	t.Run("a retried append that landed is recognised when identities are no digest of the bytes", func(t *testing.T) {
		s := newStore(t)
		if s.WrapStore == nil {
			t.Skip("no fault hook")
		}
		testJournalRetriedAppendLanded(t, s)
	})
	t.Run("a retried append that landed, whose check fails, does not stop the whole write", func(t *testing.T) {
		s := newStore(t)
		if s.WrapStore == nil {
			t.Skip("no fault hook")
		}
		testJournalRetriedAppendCheckFails(t, s)
	})
	for _, landed := range []bool{false, true} {
		t.Run(fmt.Sprintf("a failed append (landed %v) does not stop the whole write", landed), func(t *testing.T) {
			s := newStore(t)
			if s.WrapStore == nil {
				t.Skip("no fault hook")
			}
			testJournalFailedAppendThenWrite(t, s, landed)
		})
	}
}

// Client B read the document E and the first append of the apply A's
// journal; A appends a second (durably, told success). B writes a whole
// document: the state B holds is stale (it lacks append 2), yet the
// write's only condition is E's ETag / generation, which is unchanged,
// so without the journal check (StoreJournal.BeforeWrite) it would win and A's
// append 2 would no longer be part of the state: it must be refused.
func testJournalWriterMissedAppendsRefused(t *testing.T, s JournalStore) {
	a, working := startJournal(t, s)
	mustAppend(t, a, working, 0, "a")
	b := s.Client()
	bs := mustRead(t, b)
	mustAppend(t, a, working, 1, "told durable")
	bs.Serial += 5
	err := b.Write(ctx(t), bs)
	if !errors.Is(err, state.ErrStale) {
		got := mustRead(t, s.Client())
		t.Fatalf("write by a client that missed append 2 = %v; want ErrStale. The state now has %d instances of %s (A's append 2 dropped: %v)",
			err, len(got.FindResource(journalAddr).Instances), journalAddr, got.FindResource(journalAddr).Instance(addrs.IntKey(1), "") == nil)
	}
}

// A whole write refused with ErrStale writes nothing (Backend.Write's
// contract): not even the backup copy of a bucket without versions. A
// stale client B that missed A's append is refused by the journal check;
// had its backup copy of the current document (serial 2) run anyway, it
// would have replaced the backup of serial 1, the one version to roll
// back to, and serial 1 would no longer be in History.
func testJournalRefusedWriteKeepsHistory(t *testing.T, s JournalStore) {
	a, working := startJournal(t, s) // serial 1
	h, ok := a.(state.Historian)
	if !ok {
		t.Skipf("%s does not implement state.Historian", a)
	}
	working.Serial++
	mustWrite(t, a, working) // serial 2; the backup (no versions) holds serial 1
	b := s.Client()
	bs := mustRead(t, b)
	mustAppend(t, a, working, 0, "b missed it")
	bs.Serial += 5
	if err := b.Write(ctx(t), bs); !errors.Is(err, state.ErrStale) {
		t.Fatalf("write by a client that missed an append = %v; want ErrStale", err)
	}
	versions, err := h.History(ctx(t))
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	for _, v := range versions {
		if v.Serial != 1 {
			continue
		}
		got, err := h.ReadVersion(ctx(t), v.ID)
		if err != nil {
			t.Fatalf("ReadVersion(%s): %v", v.ID, err)
		}
		if got.Serial == 1 {
			return
		}
	}
	t.Fatalf("History after a refused write = %+v; want serial 1 (the version before the current one) still retrievable: the refused write overwrote the backup", versions)
}

// A stale client C (it read the document E with append 1 of its
// journal) appends after the lock holder A folded E's journal into a new
// document F and deleted E/1..E/2. C's append is created as E/2 (the name
// is free again), C is told ErrStale, and E/2 holds C's record, which F
// lacks. F's metadata names the appends it folded by identity, so the
// next lock holder must not take C's append for a folded leftover: it
// sets it aside with a warning.
func testJournalStaleAppendAfterFoldKept(t *testing.T, s JournalStore) {
	const marker = "record-only-the-stale-client-has"
	a, working := startJournal(t, s)
	mustAppend(t, a, working, 0, "a") // E/1
	c := s.Client()
	cw := mustRead(t, c).DeepCopy() // E with E/1 replayed
	cw.TrackChanges()
	mustAppend(t, a, working, 1, "b") // E/2
	working.Serial++
	mustWrite(t, a, working) // F, folded E/2; E/1, E/2 deleted

	err := appendChange(t, c, cw, 7, marker)
	if !errors.Is(err, state.ErrStale) {
		t.Fatalf("stale client's append = %v; want ErrStale", err)
	}
	landed := false
	for _, name := range journalObjects(s) {
		if strings.Contains(string(s.Objects()[name]), marker) {
			landed = true
			t.Logf("the stale append landed as %s", name)
		}
	}
	if !landed {
		t.Skip("the stale append did not land: nothing to check")
	}

	got, n := readAsLockHolder(t, s)
	if got.FindResource(journalAddr) != nil {
		if r := got.FindResource(journalAddr); len(r.Instances) > 2 {
			t.Fatalf("the stale append was applied to F: %d instances", len(r.Instances))
		}
	}
	kept := false
	for name, data := range s.Objects() {
		if strings.Contains(string(data), marker) {
			kept = true
			t.Logf("kept as %s", name)
		}
	}
	if !kept || n.all() == "" {
		t.Fatalf("after the lock holder's read the stale client's append is kept: %v; notice %q.\n"+
			"Want it kept (set aside) with a warning: it is not one the document folded in.", kept, n.all())
	}
}

// An append whose request failed may or may not have landed; the next
// append is ErrNoJournalBase and the persister writes the whole document.
// That write must go on (the journal check knows the append as this
// client's by its bytes when it landed), store every record, and leave
// no journal behind: a landed append is one the document folded.
func testJournalFailedAppendThenWrite(t *testing.T, s JournalStore, landed bool) {
	a, working := startJournal(t, s)
	mustAppend(t, a, working, 0, "a")
	s.Faults(a).FailNextPut(landed)
	err := appendChange(t, a, working, 1, "b")
	if err == nil || errors.Is(err, state.ErrStale) {
		t.Fatalf("append with an injected fault = %v; want a failure, not ErrStale", err)
	}
	if n := len(journalObjects(s)); n != 1+map[bool]int{false: 0, true: 1}[landed] {
		t.Fatalf("journal objects after the failed append: %v", journalObjects(s))
	}
	if err := appendChange(t, a, working, 2, "c"); !errors.Is(err, state.ErrNoJournalBase) {
		t.Fatalf("append after a failed one = %v; want ErrNoJournalBase", err)
	}
	working.Serial++
	mustWrite(t, a, working)
	if names := journalObjects(s); len(names) != 0 {
		t.Fatalf("journal objects after the whole write: %v; want none", names)
	}
	assertReads(t, s, working)
	if _, n := readAsLockHolder(t, s); n.all() != "" {
		t.Fatalf("lock holder's read gave a warning: %q; want none", n.all())
	}
}

// The window the whole write's journal check leaves open: client C (it
// read the document E and append E/1) appends right after the writer A's
// check listed the journal of E, before A's conditional PUT. C's append
// lands as E/2 and C is told it is durable (the document is still E).
// docs/state.md promises: A's fold does not delete it (A removes only the
// appends it folded, E/1); the next lock holder sets it aside with a
// warning (F's metadata names E/1 only); C's next append and C's whole
// write are refused.
func testJournalAppendInCheckWindow(t *testing.T, s JournalStore) {
	const marker = "record-appended-in-the-check-window"
	a, working := startJournal(t, s)
	mustAppend(t, a, working, 0, "a") // E/1
	c := s.Client()
	cw := mustRead(t, c).DeepCopy()
	cw.TrackChanges()

	var windowErr error
	listed := false
	s.Faults(a).AfterNextList(func() {
		listed = true
		windowErr = appendChange(t, c, cw, 7, marker) // E/2
	})
	working.Serial++
	mustWrite(t, a, working) // F, folds E/1
	if !listed {
		t.Fatal("the whole write sent no journal LIST")
	}
	if windowErr != nil {
		t.Fatalf("C's append in the window = %v; want it stored (the document was still E)", windowErr)
	}
	holding := func(prefix string) []string {
		var names []string
		for name, data := range s.Objects() {
			if strings.HasPrefix(name, prefix) && strings.Contains(string(data), marker) {
				names = append(names, name)
			}
		}
		return names
	}
	journal := state.JournalObjectPrefix(s.StateName)
	if got := holding(journal); len(got) != 1 {
		t.Fatalf("journal objects holding C's append after A's write: %v; want it kept, not deleted by the fold", got)
	}

	if err := appendChange(t, c, cw, 8, "after the window"); !errors.Is(err, state.ErrStale) {
		t.Errorf("C's next append = %v; want ErrStale", err)
	}
	cw.Serial += 5
	if err := c.Write(ctx(t), cw); !errors.Is(err, state.ErrStale) {
		t.Errorf("C's whole write = %v; want ErrStale", err)
	}

	got, n := readAsLockHolder(t, s)
	if r := got.FindResource(journalAddr); r != nil && r.Instance(addrs.IntKey(7), "") != nil {
		t.Fatal("the lock holder's read applied C's append to F")
	}
	if n.all() == "" {
		t.Error("the lock holder's read gave no warning of C's append")
	}
	if left := holding(journal); len(left) != 0 {
		t.Errorf("C's append is still in the journal after the lock holder's read: %v; want it set aside", left)
	}
	if aside := holding(s.StateName + ".journal-unreplayed-"); len(aside) != 1 {
		t.Errorf("objects set aside holding C's append: %v; want one", aside)
	}
}

// A retried append whose first attempt landed hears that the object
// exists; the client recognises it as its own by the SHA-256 of its bytes
// in the object's metadata (state.JournalSHA256Meta), not by an identity
// that is the MD5 of the bytes only without SSE-KMS: here identities are
// opaque (FaultStore.OpaqueIDs), as under KMS. The append succeeds, and
// the whole write folds it with nothing left behind.
func testJournalRetriedAppendLanded(t *testing.T, s JournalStore) {
	a, working := startJournal(t, s)
	f := s.Faults(a)
	f.OpaqueIDs()
	mustAppend(t, a, working, 0, "a")
	f.RetryNextPut()
	if err := appendChange(t, a, working, 1, "b"); err != nil {
		t.Fatalf("append whose retry found it landed = %v; want it recognised as this client's", err)
	}
	mustAppend(t, a, working, 2, "c")
	assertReads(t, s, working)
	working.Serial++
	mustWrite(t, a, working)
	if names := journalObjects(s); len(names) != 0 {
		t.Fatalf("journal objects after the whole write: %v; want none", names)
	}
	assertReads(t, s, working)
}

// A retried append whose first attempt landed hears that the object
// exists, and the HEAD that would tell it its own (by
// state.JournalSHA256Meta) fails. The client cannot tell: the append may
// be its own, so it must not be refused as another client's (ErrStale,
// which leaves no pending append for the whole write to recognise, so
// the apply's final write would be refused too). It fails without
// ErrStale, and the whole write recognises the append by its bytes and
// folds it.
func testJournalRetriedAppendCheckFails(t *testing.T, s JournalStore) {
	a, working := startJournal(t, s)
	f := s.Faults(a)
	mustAppend(t, a, working, 0, "a")
	f.RetryNextPut()
	f.FailNextJournalHead()
	err := appendChange(t, a, working, 1, "b")
	if errors.Is(err, state.ErrStale) {
		t.Errorf("append that landed but could not be checked = %v; want an error that is not ErrStale (it may be this client's)", err)
	}
	working.Serial++
	if err := a.Write(ctx(t), working); err != nil {
		t.Fatalf("whole write after an append that landed but could not be checked = %v; want it to recognise the append as its own", err)
	}
	if names := journalObjects(s); len(names) != 0 {
		t.Fatalf("journal objects after the whole write: %v; want none", names)
	}
	assertReads(t, s, working)
}

// readAsLockHolder reads the state as a new client holding the lock (kept
// until the test ends), with the warnings the read gave.
func readAsLockHolder(t *testing.T, s JournalStore) (*state.State, *noticed) {
	t.Helper()
	n := &noticed{}
	h := s.Client()
	id := mustLock(t, h, &state.LockInfo{Operation: "test"})
	t.Cleanup(func() { h.Unlock(context.Background(), id) })
	got, err := h.Read(state.WithLockNotice(ctx(t), n.add))
	if err != nil {
		t.Fatal(err)
	}
	return got, n
}
