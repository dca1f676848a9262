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
// running runs below max_concurrent_runs), or gives up as soon as another
// agent has claimed it. Each agent thus takes work as fast as it finishes
// it (docs/agent-fleet.md, performance).

// pullWait bounds how long a check waits for a free slot before it is
// claimed anyway; pullPoll is how often it looks.
var (
	pullWait = 30 * time.Minute
	pullPoll = 200 * time.Millisecond
)

// slots counts run slots reserved by checks about to be queued, so that
// checks firing together do not all see the same free slot.
type slots struct {
	mu       sync.Mutex
	reserved int
}

func (s *slots) release() {
	s.mu.Lock()
	s.reserved--
	s.mu.Unlock()
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
	for {
		if a.reserveSlot() {
			return true
		}
		if taken, err := a.fleet.Claimed(t.claim); err == nil && taken {
			return false
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
		case <-time.After(pullPoll + rand.N(pullPoll)):
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
