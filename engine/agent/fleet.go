package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/agent/queue"
	"github.com/trueup/trueup/engine/agent/store"
)

// Fleet coordinates the agents that share one PostgreSQL store
// (pgstore.Store); a lone agent has none. See docs/agent-fleet.md.
type Fleet interface {
	// Claim reports true to exactly one agent per key.
	Claim(key string) (bool, error)
	// Unclaim forgets key, so that its trigger may run again.
	Unclaim(key string) error
	// Lease takes the stack for one run until release; when another
	// agent holds it, release is nil and holder names that agent.
	Lease(ctx context.Context, stack string) (release func(), holder string, err error)
	// Rescue returns the unfinished runs of agents that died, marked
	// interrupted; each to one caller only.
	Rescue() ([]*store.Run, error)
	// Claimed reports whether some agent claimed key.
	Claimed(key string) (bool, error)
	// Gone reports whether the agent with the given id is not running on
	// the fleet's database (its presence lock is free).
	Gone(agent string) (bool, error)
}

// rescueInterval is how often a fleet agent looks for dead agents' runs.
var rescueInterval = 2 * time.Second

// claimKey names what triggered t, the same on every agent: the branch
// commit a push or poll saw, the pull request's head, the minute a drift
// schedule fired. "" when t is not claimed (runs people ask for, unknown
// commits).
func (t *task) claimKey() string {
	if t.claim != "" {
		return t.claim
	}
	switch {
	case t.trigger == store.TriggerManual, t.trigger == store.TriggerComment, t.trigger == store.TriggerUpstream, t.rescued:
		// TriggerUpstream: only the agent that ran the upstream apply asks.
		// A person asked (dashboard, API, PR comment): every ask runs.
		return ""
	case t.kind == store.KindDrift || t.kind == store.KindReconcile:
		return fmt.Sprintf("%s/%s/%s", t.kind, t.stack.Name, time.Now().UTC().Truncate(time.Minute).Format(time.RFC3339))
	case t.commit == "":
		return ""
	case t.kind == store.KindPRPlan:
		return fmt.Sprintf("pr/%s/%d/%s", t.stack.Name, t.pr, t.commit)
	}
	return branchClaim(t.stack.Name, t.commit)
}

func branchClaim(stack, commit string) string { return "branch/" + stack + "/" + commit }

// claim reports whether this agent should queue t: always when alone; in
// a fleet, only the agent that claims t's trigger does, so that a webhook
// delivered to several agents, or a commit each of them polls, starts one
// run.
func (a *Agent) claim(t *task) bool {
	key := t.claimKey()
	if a.fleet == nil || key == "" {
		return true
	}
	ok, err := a.fleet.Claim(key)
	if err != nil {
		// Better a second run (the stack lease serialises it) than none.
		a.log.Warn("could not claim a run; running it", "stack", t.stack.Name, "claim", key, "error", err)
		return true
	}
	if !ok {
		a.log.Debug("another agent of the fleet took the run", "stack", t.stack.Name, "claim", key)
	}
	return ok
}

// unclaimBranch lets an interrupted branch run's commit be claimed again.
func (a *Agent) unclaimBranch(r *store.Run) {
	if a.fleet == nil || r.Commit == "" {
		return
	}
	if err := a.fleet.Unclaim(branchClaim(r.Stack, r.Commit)); err != nil {
		a.log.Warn("could not release an interrupted run's claim", "run", r.ID, "error", err)
	}
}

// leaseStack takes t's stack for this attempt, so that no two agents run
// one stack at once. When another agent has it, the attempt waits and is
// retried, as when the state lock is held.
func (a *Agent) leaseStack(ctx context.Context, t *task) (func(), error) {
	if a.fleet == nil {
		return func() {}, nil
	}
	release, holder, err := a.fleet.Lease(ctx, t.stack.Name)
	if err == nil && release == nil {
		err = fmt.Errorf("stack %s is running on agent %s", t.stack.Name, holder)
	}
	if err != nil {
		a.update(t, func(r *store.Run) { r.Outcome, r.Error = store.OutcomeQueued, a.redact.text("waiting: "+err.Error()) })
		return nil, queue.Retry(err)
	}
	return release, nil
}

// startRescue runs again, every rescueInterval until ctx ends, the runs
// that dead agents of the fleet left unfinished.
func (a *Agent) startRescue(ctx context.Context) {
	if a.fleet == nil {
		return
	}
	a.every(ctx, rescueInterval, a.rescueOnce)
}

// every calls fn every interval d, the first time one interval from now,
// in a background goroutine (counted in a.bg) until ctx ends.
func (a *Agent) every(ctx context.Context, d time.Duration, fn func()) {
	a.bg.Add(1)
	go func() {
		defer a.bg.Done()
		tick := time.NewTicker(d)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				fn()
			}
		}
	}()
}

func (a *Agent) rescueOnce() {
	runs, err := a.fleet.Rescue()
	if err != nil {
		a.log.Warn("could not look for runs of dead agents", "error", err)
	}
	for _, r := range runs {
		s := a.conf().Stack(r.Stack)
		if s == nil && r.PR != 0 {
			s = a.pullRequestStack(r.Stack, r.Ref)
		}
		if s == nil {
			a.log.Warn("a dead agent's run is of a stack this agent does not manage: not run again", "run", r.ID, "stack", r.Stack, "agent", r.Agent)
			continue
		}
		t := &task{stack: s, kind: r.Kind, trigger: r.Trigger, pr: r.PR, commit: r.Commit, author: r.Author, message: r.Message, rescued: true}
		if r.Ref != s.Branch {
			t.ref = r.Ref
		}
		id, _, err := a.enqueue(t)
		if err != nil {
			a.log.Error("could not run a dead agent's run again", "run", r.ID, "error", err)
			continue
		}
		a.log.Warn("agent died during a run: running it again", "agent", r.Agent, "run", r.ID, "stack", r.Stack, "new_run", id)
	}
}
