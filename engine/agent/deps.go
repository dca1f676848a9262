package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/queue"
	"github.com/trueup/trueup/engine/agent/store"
)

// gateUpstream lets a branch run of a stack with depends_on start only
// after its upstream stacks: it waits (the attempt is retried with the
// state-lock backoff) while an upstream stack has a branch run queued or
// running, or (polling the same branch) has not yet looked at head, the
// commit this run fetched; it holds the run (failed, saying why) when an
// upstream stack's last branch apply failed. It reports stop when
// execute must return err.
func (a *Agent) gateUpstream(ctx context.Context, t *task, rl *runLog, head string, started time.Time) (stop bool, err error) {
	if t.ref != "" || (t.kind != store.KindApply && t.kind != store.KindPlan) {
		return false, nil
	}
	for _, name := range t.stack.Upstream() {
		held, wait := a.upstreamState(t, a.conf().Stack(name), head)
		if wait != nil {
			rl.info("%v", wait)
			a.update(t, func(r *store.Run) { r.Outcome, r.Error = store.OutcomeQueued, "waiting: "+wait.Error() })
			return true, queue.Retry(wait)
		}
		if held != "" {
			rl.error("%s", held)
			return true, a.complete(ctx, t, rl, nil, started, outcome{status: store.OutcomeFailed, errs: []string{held}, detail: held})
		}
	}
	return false, nil
}

// upstreamState says whether up keeps t waiting, or holds it.
func (a *Agent) upstreamState(t *task, up *config.Stack, head string) (held string, wait error) {
	if up.PollInterval > 0 && up.Repo == t.stack.Repo && up.Branch == t.stack.Branch {
		if st, err := a.store.StackStatus(up.Name); err == nil && st.LastSeenCommit != head {
			return "", fmt.Errorf("upstream stack %s has not run commit %s yet", up.Name, shortSHA(head))
		}
	}
	runs, err := a.store.List(store.Filter{Stack: up.Name, Limit: 50})
	if err != nil {
		return "", fmt.Errorf("reading upstream stack %s's runs: %w", up.Name, err)
	}
	for _, r := range runs {
		if r.Ref != up.Branch || (r.Kind != store.KindApply && r.Kind != store.KindPlan) {
			continue
		}
		if !store.Final(r.Outcome) {
			return "", fmt.Errorf("upstream stack %s is running (run #%d)", up.Name, r.ID)
		}
		if r.Kind == store.KindApply && r.Outcome == store.OutcomeFailed {
			return fmt.Sprintf("held: upstream stack %s's last apply failed (run #%d); fix it, then push or apply %s again",
				up.Name, r.ID, t.stack.Name), nil
		}
		return "", nil // the latest finished branch run decides
	}
	return "", nil
}
