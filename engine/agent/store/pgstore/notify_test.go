package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/agent/store/storetest"
)

// TestRunChangesReachOtherAgents: a run that agent b executes is signalled
// to agent a's subscribers (PostgreSQL LISTEN/NOTIFY), so that a's
// dashboard streams it; when a's listening connection is cut, a connects
// again, signals its subscribers to read afresh, and later changes still
// arrive.
func TestRunChangesReachOtherAgents(t *testing.T) {
	url := server.NewDatabase(t)
	a, b := mustOpen(t, url, "agent-a"), mustOpen(t, url, "agent-b")
	defer a.Close()
	defer b.Close()
	r := &store.Run{Stack: "net", Kind: store.KindApply, Outcome: store.OutcomeRunning}
	if err := b.Create(r); err != nil {
		t.Fatal(err)
	}
	ch, cancel := a.Subscribe(r.ID)
	defer cancel()
	if err := b.AppendLog(r.ID, store.LogEntry{Message: "created"}); err != nil {
		t.Fatal(err)
	}
	storetest.WaitSignal(t, ch, "agent b's log line")
	if _, err := b.Update(r.ID, func(x *store.Run) { x.Outcome = store.OutcomeSucceeded }); err != nil {
		t.Fatal(err)
	}
	storetest.WaitSignal(t, ch, "agent b's update")
	if got, _ := a.Get(r.ID); got.Outcome != store.OutcomeSucceeded {
		t.Fatalf("agent a reads %s after the signal", got.Outcome)
	}

	// Cut agent a's listening connection, as a database restart would.
	relistenDelay = 50 * time.Millisecond
	var n int
	err := b.pool.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`).Scan(&n)
	if err != nil || n != 2 {
		t.Fatalf("terminated %d listeners, %v; want both agents'", n, err)
	}
	storetest.WaitSignal(t, ch, "listening again")
	r2 := &store.Run{Stack: "net", Kind: store.KindPlan, Outcome: store.OutcomeRunning}
	if err := b.Create(r2); err != nil {
		t.Fatal(err)
	}
	ch2, cancel2 := a.Subscribe(r2.ID)
	defer cancel2()
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The reconnection may still be under way: a change made before
		// it is covered by its signal to every subscriber.
		if err := b.AppendLog(r2.ID, store.LogEntry{Message: "after"}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ch2:
			return
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no signal of agent b's change after agent a's listener reconnected")
		}
	}
}
