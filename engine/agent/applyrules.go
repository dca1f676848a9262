package agent

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/source"
)

// Apply requirements beyond a fresh plan (see config.Requirements), deploy
// windows, and merging a pull request after its applies (automerge).

// checksForge is a forge that can list a commit's statuses and checks.
type checksForge interface {
	Checks(ctx context.Context, repo, sha string) ([]forge.Check, error)
}

// mergeForge is a forge that can merge a pull request.
type mergeForge interface {
	Merge(ctx context.Context, repo string, number int, sha string) error
}

// unmetRequirement returns why stack s may not apply pull request pr now
// (the first requirement that does not hold, named), or "".
func (a *Agent) unmetRequirement(ctx context.Context, f Forge, s *config.Stack, pr *forge.PullRequest, ev *forge.Event) string {
	for _, req := range s.ApplyRequirements {
		switch req {
		case config.RequireApproved:
			if len(slices.DeleteFunc(slices.Clone(pr.Approvers), func(u string) bool { return u == pr.Author })) == 0 {
				return "the pull request is not approved (`apply_requirements`: approved)"
			}
		case config.RequireMergeable:
			if !pr.Mergeable {
				return "the pull request is not mergeable (`apply_requirements`: mergeable)"
			}
		case config.RequireUndiverged:
			if why := a.diverged(ctx, s, pr, ev); why != "" {
				return why
			}
		case config.RequireStatusChecks:
			if why := a.checksNotGreen(ctx, f, s, ev.RepoFullName, pr.HeadSHA); why != "" {
				return why
			}
		}
	}
	if ok, why := s.DeployWindows.Allowed(time.Now()); !ok {
		return "outside the stack's deploy windows: " + why + " (`deploy_window`)"
	}
	return ""
}

// diverged says why the pull request's head does not contain its base
// branch's head, or "".
func (a *Agent) diverged(ctx context.Context, s *config.Stack, pr *forge.PullRequest, ev *forge.Event) string {
	head := ev.HeadRef
	if head == "" {
		head = pr.HeadSHA
	}
	opts := source.Options{URL: s.Repo, CacheDir: a.cacheDir(), Auth: a.gitAuth(s), Log: a.log}
	ok, base, err := source.Contains(ctx, opts, "refs/heads/"+pr.BaseBranch, head)
	switch {
	case err != nil:
		return "whether it diverged from " + pr.BaseBranch + " could not be told: " + a.redact.text(err.Error())
	case !ok:
		return fmt.Sprintf("the pull request has diverged: %s is now at %s, which its head %s does not contain; merge or rebase it, then comment `trueup plan` (`apply_requirements`: undiverged)",
			pr.BaseBranch, shortSHA(base), shortSHA(pr.HeadSHA))
	}
	return ""
}

// checksNotGreen says which of the head's statuses and check runs, other
// than trueup's own, did not succeed, or "".
func (a *Agent) checksNotGreen(ctx context.Context, f Forge, s *config.Stack, repo, sha string) string {
	cf, ok := f.(checksForge)
	if !ok {
		return "this forge cannot tell the status checks (`apply_requirements`: status_checks)"
	}
	checks, err := cf.Checks(ctx, repo, sha)
	if err != nil {
		return "the status checks could not be read: " + a.redact.text(err.Error())
	}
	var bad []string
	for _, c := range checks {
		if strings.HasPrefix(c.Name, "trueup/") || c.State == forge.StateSuccess {
			continue
		}
		bad = append(bad, fmt.Sprintf("%s is %s", c.Name, c.State))
	}
	if len(bad) > 0 {
		return "the status checks are not green: " + strings.Join(bad, ", ") + " (`apply_requirements`: status_checks)"
	}
	return ""
}

// staleStateApprover refuses, for an apply from a pull request of a stack
// requiring not_stale, a plan made against another state than the one
// reviewed (its lineage or serial moved), then asks next.
func (a *Agent) staleStateApprover(t *task, rl *runLog, v *policyVerdict, next run.Approver) run.Approver {
	if t.reviewedState == nil || !slices.Contains(t.stack.ApplyRequirements, config.RequireNotStale) {
		return next
	}
	want := *t.reviewedState
	return func(p *plans.Plan) (bool, error) {
		var lineage string
		var serial uint64
		if p.PriorState != nil {
			lineage, serial = p.PriorState.Lineage, p.PriorState.Serial
		}
		// Serial 0 on both sides is no stored state yet (each plan of
		// which makes up a lineage of its own).
		if (serial != 0 || want.StateSerial != 0) && (lineage != want.StateLineage || serial != want.StateSerial) {
			moved := fmt.Sprintf("serial %d when planned, %d now", want.StateSerial, serial)
			if lineage != want.StateLineage && want.StateSerial != 0 && serial != 0 {
				moved = fmt.Sprintf("another state: lineage %s when planned, %s now", want.StateLineage, lineage)
			}
			err := fmt.Errorf("%w (%s; `apply_requirements`: not_stale)", errStaleState, moved)
			rl.error("%v", err)
			v.err = err
			return false, nil
		}
		rl.info("the state is the one the plan was made against (serial %d)", serial)
		return next(p)
	}
}

// stateMovedSince says, for a stack requiring not_stale, which run of the
// agent's history applied changes to the stack's state since its plan
// (run plan) started, or "". It is checked before an apply is queued, so
// that the refusal names what moved; staleStateApprover checks the state
// itself at apply time, for changes made outside the agent.
func (a *Agent) stateMovedSince(s *config.Stack, plan *store.Run) string {
	if !slices.Contains(s.ApplyRequirements, config.RequireNotStale) {
		return ""
	}
	runs, err := a.store.List(store.Filter{Stack: s.Name, Limit: 200})
	if err != nil {
		return "its state could not be checked against the plan: " + err.Error()
	}
	since := plan.Started
	if since.IsZero() {
		since = plan.Queued
	}
	for _, r := range runs {
		if r.ID == plan.ID || !r.Summary.Applied || !r.Finished.After(since) {
			continue
		}
		what := fmt.Sprintf("%s of `%s`", r.Kind, shortSHA(r.Commit))
		if r.PR != 0 {
			what += fmt.Sprintf(" from pull request %d", r.PR)
		}
		return fmt.Sprintf("the plan is stale: the stack's state moved since it was made (run %d, %s, applied at %s); comment `trueup plan` to plan against it (`apply_requirements`: not_stale)",
			r.ID, what, r.Finished.UTC().Format("15:04:05 UTC"))
	}
	return ""
}

// windowClosed says why the stack's deploy windows forbid applying now,
// or "".
func windowClosed(s *config.Stack) string {
	if ok, why := s.DeployWindows.Allowed(time.Now()); !ok {
		return why
	}
	return ""
}

// automerge merges the pull request of apply t when the stack asks for it
// and every stack locked to the pull request has been applied at its
// head; it returns a line for the apply comment.
func (a *Agent) automerge(ctx context.Context, t *task, rl *runLog) string {
	if !t.stack.Automerge {
		return ""
	}
	f := a.forges[t.forge]
	mf, ok := f.(mergeForge)
	if !ok {
		return "\nThis forge cannot merge pull requests for trueup: merge it yourself.\n"
	}
	locks, err := a.store.Locks()
	if err != nil {
		rl.warn("automerge: could not read the locks: %v", err)
		return ""
	}
	me := &store.Lock{Forge: t.forge, Repo: t.repo, PR: t.pr}
	var waiting []string
	for _, l := range locks {
		if l.Stack == t.stack.Name || !l.SamePR(me) {
			continue
		}
		if !a.appliedFromPR(l.Stack, t.pr, t.commit) {
			waiting = append(waiting, "`"+l.Stack+"`")
		}
	}
	if len(waiting) > 0 {
		rl.info("automerge: waiting for %s to be applied", strings.Join(waiting, ", "))
		return fmt.Sprintf("\nNot merged yet (`automerge`): %s still to be applied from this pull request.\n", strings.Join(waiting, ", "))
	}
	if err := mf.Merge(ctx, t.repo, t.pr, t.commit); err != nil {
		rl.warn("automerge failed: %v", a.redact.text(err.Error()))
		return fmt.Sprintf("\n**Could not merge** the pull request (`automerge`): %s\n", a.redact.text(err.Error()))
	}
	rl.info("merged pull request %d at %s (automerge)", t.pr, shortSHA(t.commit))
	return fmt.Sprintf("\nMerged the pull request at `%s` (`automerge`).\n", shortSHA(t.commit))
}

// appliedFromPR reports whether the stack's latest apply from pull
// request pr applied commit.
func (a *Agent) appliedFromPR(stack string, pr int, commit string) bool {
	runs, err := a.store.List(store.Filter{Stack: stack, Limit: 200})
	if err != nil {
		return false
	}
	for _, r := range runs {
		if r.Kind == store.KindApply && r.PR == pr && r.Finished.After(r.Queued) {
			return r.Commit == commit && (r.Outcome == store.OutcomeSucceeded || r.Outcome == store.OutcomeNoChanges)
		}
	}
	return false
}
