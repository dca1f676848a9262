package agent

import (
	"math/rand/v2"
	"sync"
	"time"
)

// Scheduled drift checks fall due on every agent of a fleet at the same
// moment. Claiming them all at once would give most of them to whichever
// agent's scheduler ran first, and the others would idle. So in a fleet a
// scheduled check is pulled: its claim key is fixed when it fires, and
// the agent claims it only when it has a free run slot (queued and
// running runs below max_concurrent_runs). Each agent thus takes work as
// fast as it finishes it (docs/agent-fleet.md, performance).
//
// A waiting check wakes when the queue's load goes down or a reserved
// slot is given back (slots.signal), not on a timer: polling for a slot
// left each slot idle for up to two poll periods per check, and asked
// PostgreSQL whether each waiting check was claimed elsewhere several
// times a second. A check claimed by another agent is found out when this
// agent reserves a slot for it and its claim fails (the slot goes straight
// to the next check), or at the latest every pullRecheck.

// pullWait bounds how long a check waits for a free slot before it is
// claimed anyway; pullRecheck is how often a waiting check asks whether
// another agent claimed it.
var (
	pullWait    = 30 * time.Minute
	pullRecheck = 5 * time.Second
)

// slots counts run slots reserved by checks about to be queued, so that
// checks firing together do not all see the same free slot; freed is
// closed (and replaced) when a slot may have come free.
type slots struct {
	mu       sync.Mutex
	reserved int
	freed    chan struct{}
}

func (s *slots) release() {
	s.mu.Lock()
	s.reserved--
	s.mu.Unlock()
	s.signal()
}

// signal wakes the checks waiting for a slot.
func (s *slots) signal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.freed != nil {
		close(s.freed)
		s.freed = nil
	}
}

// wait returns a channel closed at the next signal.
func (s *slots) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.freed == nil {
		s.freed = make(chan struct{})
	}
	return s.freed
}

// pullSlot waits until this agent has a free run slot for t and reserves
// it (release it once t is queued); it reports false when another agent
// claimed t meanwhile or the agent stops. A lone agent reserves at once.
func (a *Agent) pullSlot(t *task) bool {
	if a.fleet == nil {
		a.slots.mu.Lock()
		a.slots.reserved++
		a.slots.mu.Unlock()
		return true
	}
	t.claim = t.claimKey()
	ctx := a.baseContext()
	deadline := time.Now().Add(pullWait)
	recheck := time.NewTimer(pullRecheck/2 + rand.N(pullRecheck))
	defer recheck.Stop()
	for {
		freed := a.slots.wait() // before looking, so no signal is missed
		if a.reserveSlot() {
			return true
		}
		if time.Now().After(deadline) {
			a.slots.mu.Lock()
			a.slots.reserved++
			a.slots.mu.Unlock()
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-freed:
		case <-recheck.C:
			if taken, err := a.fleet.Claimed(t.claim); err == nil && taken {
				return false
			}
			recheck.Reset(pullRecheck)
		}
	}
}

// reserveSlot reserves a run slot when queued, running and reserved runs
// are fewer than max_concurrent_runs.
func (a *Agent) reserveSlot() bool {
	a.slots.mu.Lock()
	defer a.slots.mu.Unlock()
	if a.queue.Load()+a.slots.reserved >= a.conf().Server.MaxConcurrentRuns {
		return false
	}
	a.slots.reserved++
	return true
}
