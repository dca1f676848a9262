package statetest

import (
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
// so without the journal check (checkJournal) it would win and A's
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

	var n noticed
	h := s.Client()
	id := mustLock(t, h, &state.LockInfo{Operation: "test"})
	defer h.Unlock(ctx(t), id)
	got, err := h.Read(state.WithLockNotice(ctx(t), n.add))
	if err != nil {
		t.Fatal(err)
	}
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
	var n noticed
	h := s.Client()
	id := mustLock(t, h, &state.LockInfo{Operation: "test"})
	defer h.Unlock(ctx(t), id)
	if _, err := h.Read(state.WithLockNotice(ctx(t), n.add)); err != nil || n.all() != "" {
		t.Fatalf("lock holder's read = %v, notice %q; want no warning", err, n.all())
	}
}
