package agent

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
)

// UpstreamMarker marks the comment in which the agent tells a pull
// request what happened to an upstream stack of one of its stacks.
func UpstreamMarker(stack string) string { return "<!-- trueup:upstream=" + stack + " -->" }

// afterUpstreamApply runs when a branch apply of up finished: the open
// pull requests planned for stacks that depend on up were planned against
// up's old state (atlantis#6052). When up applied, they are planned again
// and told why; when its apply failed, they are held: their status fails
// and a comment says not to apply them until up applies.
func (a *Agent) afterUpstreamApply(up *task, status string, runID uint64) {
	defer a.bg.Done()
	ctx, cancel := context.WithTimeout(a.baseContext(), 5*time.Minute)
	defer cancel()
	for _, d := range a.conf().Stacks {
		if !slices.Contains(d.Upstream(), up.stack.Name) {
			continue
		}
		for _, pr := range a.openPullRequests(ctx, d) {
			if status == store.OutcomeSucceeded {
				a.replan(ctx, d, pr, up, runID)
			} else {
				a.hold(ctx, d, pr, up, runID)
			}
		}
	}
}

// openPR is a pull request the agent planned a stack for, still open.
type openPR struct {
	number   int
	ref      string // what its plans fetch
	head     string // its head commit now
	lastPlan uint64
}

// openPullRequests returns the pull requests the stack has plans for
// that its forge says are still open, each once.
func (a *Agent) openPullRequests(ctx context.Context, s *config.Stack) []openPR {
	f := a.forges[s.Forge]
	if f == nil || s.ForgeRepo == "" {
		return nil
	}
	runs, err := a.store.List(store.Filter{Stack: s.Name, Limit: 200})
	if err != nil {
		a.log.Warn("could not list a dependent stack's runs", "stack", s.Name, "error", err)
		return nil
	}
	seen := map[int]bool{}
	var out []openPR
	for _, r := range runs { // newest first
		if r.Kind != store.KindPRPlan || r.PR == 0 || seen[r.PR] {
			continue
		}
		seen[r.PR] = true
		pr, err := f.PullRequest(ctx, s.ForgeRepo, r.PR)
		if err != nil {
			a.log.Warn("could not read a pull request", "stack", s.Name, "pr", r.PR, "error", a.redact.text(err.Error()))
			continue
		}
		if pr.Open && pr.BaseBranch == s.Branch {
			out = append(out, openPR{number: r.PR, ref: r.Ref, head: pr.HeadSHA, lastPlan: r.ID})
		}
	}
	return out
}

// replan queues a new plan of d for the pull request, and says why.
func (a *Agent) replan(ctx context.Context, d *config.Stack, pr openPR, up *task, runID uint64) {
	msg := fmt.Sprintf("Upstream stack `%s` applied `%s` (%s): the plan of `%s` below is being made again against its new state.",
		up.stack.Name, shortSHA(up.commit), a.runURL(runID), d.Name)
	a.upstreamComment(ctx, d, pr, msg)
	t := &task{stack: d, kind: store.KindPRPlan, trigger: store.TriggerUpstream, ref: pr.ref, pr: pr.number,
		commit: pr.head, message: fmt.Sprintf("planned again after upstream stack %s applied %s", up.stack.Name, shortSHA(up.commit))}
	if _, _, err := a.enqueue(t); err != nil {
		a.log.Warn("could not queue a new plan after an upstream apply", "stack", d.Name, "pr", pr.number, "error", err)
		return
	}
	a.log.Info("planning a pull request again after its upstream applied", "stack", d.Name, "pr", pr.number, "upstream", up.stack.Name)
}

// hold fails d's status on the pull request's head and says why.
func (a *Agent) hold(ctx context.Context, d *config.Stack, pr openPR, up *task, runID uint64) {
	desc := fmt.Sprintf("held: upstream stack %s's apply failed", up.stack.Name)
	msg := fmt.Sprintf("**Held**: upstream stack `%s`'s apply of `%s` failed (%s). The plan of `%s` below was made against its old state: "+
		"do not apply it. It is planned again when `%s` applies.", up.stack.Name, shortSHA(up.commit), a.runURL(runID), d.Name, up.stack.Name)
	a.upstreamComment(ctx, d, pr, msg)
	if f := a.forges[d.Forge]; f != nil && pr.head != "" {
		st := forge.Status{State: forge.StateFailure, Context: StatusContext(d.Name), Description: desc, TargetURL: a.runURL(runID)}
		if err := f.SetStatus(ctx, d.ForgeRepo, pr.head, st); err != nil {
			a.log.Warn("could not set a held pull request's status", "stack", d.Name, "pr", pr.number, "error", a.redact.text(err.Error()))
		}
	}
	a.log.Info("held a pull request after its upstream's apply failed", "stack", d.Name, "pr", pr.number, "upstream", up.stack.Name)
}

// upstreamComment posts or edits d's upstream comment on the pull request.
func (a *Agent) upstreamComment(ctx context.Context, d *config.Stack, pr openPR, msg string) {
	f := a.forges[d.Forge]
	if f == nil {
		return
	}
	marker := UpstreamMarker(d.Name)
	if err := f.UpsertComment(ctx, d.ForgeRepo, pr.number, marker, marker+"\n"+a.redact.text(msg)); err != nil {
		a.log.Warn("could not comment on a dependent pull request", "stack", d.Name, "pr", pr.number, "error", a.redact.text(err.Error()))
	}
}
