package statetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// RunJournalManyObjects checks that a journal of more objects than one
// page of a store's LIST (S3 answers 1000 keys a page) and one batch
// of its DELETE (S3 deletes at most 1000 keys a request) is handled
// whole: a client without the lock counts every append of a foreign
// journal in its warning, and the lock holder sets every one aside and
// leaves none behind. n is the number of appends; make it pass the
// store's page size.
func RunJournalManyObjects(t *testing.T, newStore NewJournalStore, n int) {
	s := newStore(t)
	c, _ := startJournal(t, s)
	for seq := 1; seq <= n; seq++ {
		s.Put(state.JournalObjectName(s.StateName, "foreign", uint64(seq)), []byte(fmt.Sprintf("append %d\n", seq)))
	}
	if got := len(journalObjects(s)); got != n {
		t.Fatalf("%d journal objects stored, want %d", got, n)
	}

	var warned noticed
	if _, err := c.Read(state.WithLockNotice(ctx(t), warned.add)); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("(%d appends)", n); !strings.Contains(warned.all(), want) {
		t.Fatalf("warning of a client without the lock = %q; want it to count %s", warned.all(), want)
	}

	h := s.Client()
	id := mustLock(t, h, &state.LockInfo{Operation: "test"})
	defer h.Unlock(ctx(t), id)
	if _, err := h.Read(state.WithLockNotice(ctx(t), func(string) {})); err != nil {
		t.Fatal(err)
	}
	if left := journalObjects(s); len(left) != 0 {
		t.Fatalf("%d of %d foreign journal objects left in the journal after the lock holder's read; want all set aside", len(left), n)
	}
	aside := 0
	for name := range s.Objects() {
		if strings.HasPrefix(name, s.StateName+".journal-unreplayed-") {
			aside++
		}
	}
	if aside != n {
		t.Fatalf("%d objects set aside, want %d", aside, n)
	}
}
