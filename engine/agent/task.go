package agent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/queue"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/schema"
)

// task is one run to carry out.
type task struct {
	stack   *config.Stack
	kind    string // store.Kind*
	trigger string // store.Trigger*
	// ref is what to fetch: "" means the stack's branch.
	ref string
	pr  int
	// by is the principal who asked for a manual run.
	by string
	// forge and repo say where to report (forge kind and repository name);
	// forge is "" when there is nowhere to report.
	forge, repo string
	// commit, author and message describe the change as the trigger knew
	// it; the fetched checkout replaces them.
	commit, author, message string
	// pending is the commit whose status this run set pending.
	pending string
	id      uint64
	// modulesDir is where this attempt installed the stack's modules.
	modulesDir string
	// claim, when set, is the claim key fixed when the trigger fired
	// (a scheduled check that waited for a free slot; see pull.go).
	claim string
	// rescued marks a run a dead agent of the fleet left unfinished: it
	// is run again without claiming its trigger (the dead agent did).
	rescued bool
	// vars are extra -var values ("NAME=VALUE") a comment command gave.
	vars []string
	// reviewedState is, for an apply from a pull request, the record of
	// the plan its reviewers saw: the apply goes ahead only if the new
	// plan makes the same changes (ChangesDigest) and, with not_stale, was
	// made against the same state.
	reviewedState *store.Plan
	// policyOverride is the policy owner who approved the reviewed
	// plan's failing policies ("github:alice"), or "".
	policyOverride string
	// providers is the registry of the providers this attempt installed;
	// nil when the stack's Env's providers serve.
	providers schema.Registry
	// planJSON is the last plan rendered as JSON in this attempt, shared
	// by the policy check and the recorded plan.
	planJSON planDocument
}

// key is the coalescing key: a waiting run of the same key makes a new one
// redundant, since runs fetch their ref when they start.
func (t *task) key() string {
	switch t.kind {
	case store.KindPRPlan:
		return fmt.Sprintf("pr-%d", t.pr)
	case store.KindDrift, store.KindReconcile:
		return "drift"
	}
	if t.kind == store.KindApply && t.pr != 0 {
		return fmt.Sprintf("pr-apply-%d", t.pr)
	}
	if t.trigger == store.TriggerManual {
		return "manual-" + t.kind
	}
	return "branch"
}

// enqueue records t as queued and submits it. It reports false when a
// waiting run already covers it.
func (a *Agent) enqueue(t *task) (uint64, bool, error) {
	if t.forge == "" && t.stack.Forge != "" {
		t.forge, t.repo = t.stack.Forge, t.stack.ForgeRepo
	}
	if !a.claim(t) {
		return 0, false, nil
	}
	job := &queue.Job{
		Stack: t.stack.Name,
		Key:   t.key(),
		OnQueue: func() error {
			r := &store.Run{Stack: t.stack.Name, Kind: t.kind, Trigger: t.trigger, Ref: t.fetchRef(), PR: t.pr,
				Commit: t.commit, Author: t.author, Message: t.message, RequestedBy: t.by, Outcome: store.OutcomeQueued, Queued: time.Now().UTC(),
				Agent: a.id}
			if err := a.store.Create(r); err != nil {
				return err
			}
			t.id = r.ID
			return nil
		},
		Run:  func(ctx context.Context, attempt int) error { return a.execute(ctx, t, attempt) },
		Done: func(err error) { a.jobDone(t, err) },
	}
	ok, err := a.queue.Submit(job)
	if err != nil {
		return 0, false, err
	}
	if ok {
		a.log.Info("run queued", "run", t.id, "stack", t.stack.Name, "kind", t.kind, "trigger", t.trigger, "pr", t.pr)
	} else {
		a.log.Debug("run coalesced into a waiting one", "stack", t.stack.Name, "kind", t.kind, "trigger", t.trigger)
	}
	return t.id, ok, nil
}

// fetchRef is the ref the run fetches.
func (t *task) fetchRef() string {
	if t.ref != "" {
		return t.ref
	}
	return t.stack.Branch
}

// jobDone records what the queue decided about a run that did not finish
// by itself: dropped at shutdown, or out of retries.
func (a *Agent) jobDone(t *task, err error) {
	switch {
	case errors.Is(err, queue.ErrShutdown):
		a.finishRecord(t, store.OutcomeInterrupted, "the agent shut down before the run started")
	case queue.IsRetry(err):
		msg := fmt.Sprintf("gave up: %v", err)
		a.finishRecord(t, store.OutcomeFailed, a.redact.text(msg))
		a.countRun(t, store.OutcomeFailed, 0)
		a.pruneHistory(t.stack.Name)
	}
}

// finishRecord gives a run a final outcome unless it has one.
func (a *Agent) finishRecord(t *task, outcome, reason string) {
	_, err := a.store.Update(t.id, func(r *store.Run) {
		if store.Final(r.Outcome) {
			return
		}
		r.Outcome, r.Error, r.Finished = outcome, reason, time.Now().UTC()
	})
	if err != nil {
		a.log.Error("could not record a run's outcome", "run", t.id, "error", err)
	}
}

func (a *Agent) countRun(t *task, outcome string, d time.Duration) {
	a.metrics.runs.WithLabelValues(t.stack.Name, t.kind, outcome).Inc()
	if d > 0 {
		a.metrics.duration.WithLabelValues(t.stack.Name, t.kind).Observe(d.Seconds())
	}
}
