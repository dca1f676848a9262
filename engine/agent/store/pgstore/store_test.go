package pgstore

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/agent/store/storetest"
)

func mustOpen(t *testing.T, url, agent string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url, agent)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConformance runs the run history suite on PostgreSQL.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func(t *testing.T) storetest.Store {
		url := server.NewDatabase(t)
		return func(t *testing.T) storetest.Store { return mustOpen(t, url, "agent-1") }
	})
}

// TestAgentsShareOneHistory: two agents on one database see each
// other's runs, each stamped with its agent, and a restarting agent
// marks only its own unfinished runs interrupted, never those another
// agent is running.
func TestAgentsShareOneHistory(t *testing.T) {
	url := server.NewDatabase(t)
	a, b := mustOpen(t, url, "agent-a"), mustOpen(t, url, "agent-b")
	defer b.Close()
	ra := &store.Run{Stack: "net", Outcome: store.OutcomeRunning}
	rb := &store.Run{Stack: "app", Outcome: store.OutcomeRunning}
	if err := a.Create(ra); err != nil {
		t.Fatal(err)
	}
	if err := b.Create(rb); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Store{a, b} {
		runs, err := s.List(store.Filter{})
		if err != nil || len(runs) != 2 || runs[0].Agent != "agent-b" || runs[1].Agent != "agent-a" {
			t.Fatalf("%s lists %+v, %v; want both agents' runs, each with its agent", s.Agent(), runs, err)
		}
	}
	a.Close()
	a2 := mustOpen(t, url, "agent-a") // agent-a restarted
	defer a2.Close()
	if n, err := a2.MarkInterrupted(time.Now()); err != nil || n != 1 {
		t.Fatalf("MarkInterrupted = %d, %v; want agent-a's one run", n, err)
	}
	if r, _ := b.Get(rb.ID); r.Outcome != store.OutcomeRunning {
		t.Errorf("agent-b's running run became %s when agent-a restarted", r.Outcome)
	}
	if r, _ := b.Get(ra.ID); r.Outcome != store.OutcomeInterrupted {
		t.Errorf("agent-a's run = %s, want interrupted", r.Outcome)
	}
}

// TestConcurrentUpdatesLoseNothing: updates of one run and one stack's
// status from several agents at once are serialised by row locks.
func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	url := server.NewDatabase(t)
	stores := []*Store{mustOpen(t, url, "a"), mustOpen(t, url, "b"), mustOpen(t, url, "c")}
	r := &store.Run{Stack: "s", Outcome: store.OutcomeRunning}
	if err := stores[0].Create(r); err != nil {
		t.Fatal(err)
	}
	const each = 20
	var wg sync.WaitGroup
	errs := make(chan error, 2*each*len(stores))
	for _, s := range stores {
		defer s.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if _, err := s.Update(r.ID, func(r *store.Run) { r.Attempts++ }); err != nil {
					errs <- err
				}
				if err := s.UpdateStackStatus("s", func(st *store.StackStatus) { st.DriftDigest += "x" }); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, _ := stores[1].Get(r.ID)
	st, _ := stores[2].StackStatus("s")
	if want := each * len(stores); got.Attempts != want || len(st.DriftDigest) != want {
		t.Errorf("after %d updates: attempts = %d, status updates = %d", want, got.Attempts, len(st.DriftDigest))
	}
}

// TestAgentsStartingTogetherMigrateOnce: agents opening an empty database
// at once all start (the advisory lock makes them migrate in turn).
func TestAgentsStartingTogetherMigrateOnce(t *testing.T) {
	url := server.NewDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), url, fmt.Sprint("agent-", i))
			if err == nil {
				err = s.Create(&store.Run{Stack: "x", Outcome: store.OutcomeSucceeded})
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("agent %d: %v", i, err)
		}
	}
}
