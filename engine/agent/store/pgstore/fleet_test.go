package pgstore

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// TestClaimIsWonOnce: agents claiming one key at once: exactly one wins.
func TestClaimIsWonOnce(t *testing.T) {
	url := server.NewDatabase(t)
	stores := []*Store{mustOpen(t, url, "a"), mustOpen(t, url, "b"), mustOpen(t, url, "c")}
	var won atomic.Int32
	var wg sync.WaitGroup
	for _, s := range stores {
		defer s.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, key := range []string{"push/app/abc", "push/app/def"} {
				ok, err := s.Claim(key)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if won.Load() != 2 {
		t.Errorf("%d claims won for 2 keys, want one each", won.Load())
	}
}

// TestLeaseExcludesOtherAgents: while one agent holds a stack's lease,
// another is told who holds it; after release, or when the holder's
// connection dies (as with kill -9), the other takes it.
func TestLeaseExcludesOtherAgents(t *testing.T) {
	url := server.NewDatabase(t)
	a, b := mustOpen(t, url, "agent-a"), mustOpen(t, url, "agent-b")
	defer a.Close()
	defer b.Close()
	ctx := context.Background()
	release, holder, err := a.Lease(ctx, "net")
	if err != nil || release == nil || holder != "" {
		t.Fatalf("first lease = %v, %q, %v", release != nil, holder, err)
	}
	if r, holder, err := b.Lease(ctx, "net"); err != nil || r != nil || holder != "agent-a" {
		t.Fatalf("second lease = %v, %q, %v; want refused, held by agent-a", r != nil, holder, err)
	}
	if r, _, err := b.Lease(ctx, "app"); err != nil || r == nil {
		t.Fatalf("another stack's lease = %v, %v; want taken", r != nil, err)
	} else {
		r()
	}
	release()
	rb, _, err := b.Lease(ctx, "net")
	if err != nil || rb == nil {
		t.Fatalf("lease after release = %v, %v", rb != nil, err)
	}
	// agent-b dies: its session ends without releasing.
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	// The terminated backend exits asynchronously: give it a moment.
	var ra func()
	for i := 0; i < 50 && ra == nil && err == nil; i++ {
		if ra, _, err = a.Lease(ctx, "net"); ra == nil {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if err != nil || ra == nil {
		t.Fatalf("lease after the holder's connection died = %v, %v", ra != nil, err)
	}
	ra()
	rb() // releasing a dead session's lease is harmless
}

// TestRescueTakesOverADeadAgentsRuns: while an agent lives its runs are
// its own; once its session is gone (kill -9 drops the connection) one
// other agent, and only one, gets its unfinished runs back, marked
// interrupted, to run them again.
func TestRescueTakesOverADeadAgentsRuns(t *testing.T) {
	url := server.NewDatabase(t)
	dead, alive := mustOpen(t, url, "dying"), mustOpen(t, url, "alive")
	defer alive.Close()
	r1, r2 := mustOpen(t, url, "rescuer-1"), mustOpen(t, url, "rescuer-2")
	defer r1.Close()
	defer r2.Close()
	if _, err := Open(context.Background(), url, "alive"); err == nil || !strings.Contains(err.Error(), "already running") {
		t.Fatalf("a second agent with one id: %v, want refused", err)
	}
	mine := &store.Run{Stack: "app", Kind: store.KindApply, Commit: "c1", Outcome: store.OutcomeRunning}
	done := &store.Run{Stack: "app", Kind: store.KindApply, Commit: "c0", Outcome: store.OutcomeSucceeded}
	theirs := &store.Run{Stack: "net", Kind: store.KindApply, Outcome: store.OutcomeQueued}
	for _, x := range []struct {
		s *Store
		r *store.Run
	}{{dead, done}, {dead, mine}, {alive, theirs}} {
		if err := x.s.Create(x.r); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := r1.Rescue(); err != nil || len(got) != 0 {
		t.Fatalf("Rescue while every agent lives = %d runs, %v", len(got), err)
	}
	dead.Close()
	// The dead agent's backend ends, freeing its presence lock, a moment
	// after its connection closes: both rescue as the fleet does, again
	// until the runs come back (a run right after the close found the
	// lock still held), then once more, which must find nothing.
	var rescued []*store.Run
	rescueAll := func() {
		for _, r := range []*Store{r1, r2} {
			got, err := r.Rescue()
			if err != nil {
				t.Fatal(err)
			}
			rescued = append(rescued, got...)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); len(rescued) == 0 && time.Now().Before(deadline); {
		if rescueAll(); len(rescued) == 0 {
			time.Sleep(50 * time.Millisecond)
		}
	}
	rescueAll()
	if len(rescued) != 1 || rescued[0].ID != mine.ID || rescued[0].Outcome != store.OutcomeInterrupted || rescued[0].Commit != "c1" {
		t.Fatalf("rescued = %+v; want the dead agent's running run, once", rescued)
	}
	if r, _ := alive.Get(theirs.ID); r.Outcome != store.OutcomeQueued {
		t.Errorf("the living agent's run became %s", r.Outcome)
	}
	if r, _ := alive.Get(done.ID); r.Outcome != store.OutcomeSucceeded {
		t.Errorf("the dead agent's finished run became %s", r.Outcome)
	}
}

// TestCloseGivesTheAgentsIDUpAtOnce: once Close returns, the agent is
// gone to the others and its id can be taken again, with no wait for the
// server to end its session.
func TestCloseGivesTheAgentsIDUpAtOnce(t *testing.T) {
	url := server.NewDatabase(t)
	b := mustOpen(t, url, "b")
	defer b.Close()
	for range 5 {
		a := mustOpen(t, url, "a")
		if gone, err := b.Gone("a"); err != nil || gone {
			t.Fatalf("Gone(a) while a runs = %v, %v", gone, err)
		}
		a.Close()
		if gone, err := b.Gone("a"); err != nil || !gone {
			t.Fatalf("Gone(a) right after a closed = %v, %v; want true", gone, err)
		}
	}
}

// TestGoneTellsADeadAgent: an agent is gone exactly when its presence
// lock is free; asking does not take that lock (the agent can come back),
// and an agent is never gone to itself. Claimed tells a claimed key.
func TestGoneTellsADeadAgent(t *testing.T) {
	url := server.NewDatabase(t)
	a, b := mustOpen(t, url, "a"), mustOpen(t, url, "b")
	defer b.Close()
	for _, tc := range []struct {
		who  *Store
		of   string
		want bool
	}{{b, "a", false}, {a, "a", false}, {b, "never-ran", true}} {
		if gone, err := tc.who.Gone(tc.of); err != nil || gone != tc.want {
			t.Errorf("%s.Gone(%s) = %v, %v; want %v", tc.who.agent, tc.of, gone, err, tc.want)
		}
	}
	a.Close()
	// The server ends a closed session's backend (and its locks) shortly
	// after the client leaves.
	deadline := time.Now().Add(10 * time.Second)
	for {
		gone, err := b.Gone("a")
		if err == nil && gone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Gone(a) after a closed = %v, %v; want true", gone, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if ok, err := b.Claimed("drift/app/x"); err != nil || ok {
		t.Errorf("Claimed before any claim = %v, %v", ok, err)
	}
	if ok, err := b.Claim("drift/app/x"); err != nil || !ok {
		t.Fatalf("Claim = %v, %v", ok, err)
	}
	if ok, err := b.Claimed("drift/app/x"); err != nil || !ok {
		t.Errorf("Claimed after the claim = %v, %v", ok, err)
	}
	again := mustOpen(t, url, "a")
	defer again.Close()
	if gone, err := b.Gone("a"); err != nil || gone {
		t.Errorf("Gone(a) after a came back = %v, %v; want false", gone, err)
	}
}
