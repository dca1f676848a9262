package storetest

import (
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// signalWait is how long a change may take to be signalled; quiet is how
// long a test waits to see that none comes.
const (
	signalWait = 10 * time.Second
	quiet      = 300 * time.Millisecond
)

// WaitSignal fails the test unless ch receives within a few seconds.
func WaitSignal(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(signalWait):
		t.Fatalf("no signal after %s", what)
	}
}

// NoSignal fails the test if ch receives within a moment.
func NoSignal(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatalf("a signal after %s", what)
	case <-time.After(quiet):
	}
}

// testSubscribe: a subscriber of a run is signalled after each change of
// its record, plan or log, not after another run's, and no more once it
// cancelled.
func testSubscribe(t *testing.T, backing Backing) {
	s := backing(t)(t)
	defer s.Close()
	r := &store.Run{Stack: "prod", Kind: store.KindApply, Outcome: store.OutcomeRunning}
	other := &store.Run{Stack: "prod", Kind: store.KindPlan, Outcome: store.OutcomeRunning}
	must(t, s.Create(r))
	must(t, s.Create(other))
	ch, cancel := s.Subscribe(r.ID)
	mine, cancelMine := s.Subscribe(r.ID)
	defer cancelMine()

	must(t, s.AppendLog(r.ID, store.LogEntry{Message: "one"}))
	WaitSignal(t, ch, "a log line")
	WaitSignal(t, mine, "a log line (second subscriber)")
	_, err := s.Update(r.ID, func(x *store.Run) { x.Summary.Add = 1 })
	must(t, err)
	WaitSignal(t, ch, "an update")
	must(t, s.SetPlan(r.ID, store.Plan{Text: "Plan: 1 to add"}))
	WaitSignal(t, ch, "a plan")

	must(t, s.AppendLog(other.ID, store.LogEntry{Message: "elsewhere"}))
	NoSignal(t, ch, "another run's log line")

	cancel()
	cancel() // twice is harmless
	WaitSignal(t, mine, "the plan, still unread by the second subscriber")
	must(t, s.AppendLog(r.ID, store.LogEntry{Message: "two"}))
	WaitSignal(t, mine, "a log line after the first subscriber left")
	NoSignal(t, ch, "a cancelled subscription's change")
}
