package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
)

// commentApplyCommand applies a pull request's plans before merge, as
// Atlantis's `atlantis apply` does, for the stacks that allow it
// (apply_from_pr): -p's stack, or every stack planned for the pull
// request. Every stack must pass its checks or nothing is applied: its
// last plan was made at the pull request's head and succeeded, its
// apply_requirements hold (approved, mergeable), and at apply time the
// new plan is the one commented (reviewedPlanApprover).
func (a *Agent) commentApplyCommand(c *commentContext, forgeKind string, cmd *commentCommand) {
	pr, err := c.f.PullRequest(c.ctx, c.ev.RepoFullName, c.ev.Number)
	switch {
	case err != nil:
		c.log.Warn("could not read the pull request", "error", c.a.redact.text(err.Error()))
		c.refuse(fmt.Sprintf("@%s: trueup could not read pull request %d: nothing was applied.", c.ev.Author, c.ev.Number))
		return
	case !pr.Open:
		c.refuse(fmt.Sprintf("@%s: pull request %d is closed: nothing was applied.", c.ev.Author, c.ev.Number))
		return
	}
	ev := *c.ev
	ev.Kind, ev.Branch = forge.KindPullRequest, pr.BaseBranch
	var tasks []*task
	var problems, locked []string
	for _, s := range a.pullRequestStacksAt(c.ctx, &ev, pr.HeadSHA) {
		if cmd.stack != "" && s.Name != cmd.stack {
			continue
		}
		last := a.lastPullRequestPlan(s.Name, c.ev.Number)
		if last == nil && cmd.stack == "" {
			// Not planned for this pull request, perhaps because another
			// holds its lock: said when nothing else is to be applied.
			if l, _ := a.store.StackLock(s.Name); l != nil && !l.SamePR(&store.Lock{Forge: forgeKind, Repo: c.ev.RepoFullName, PR: c.ev.Number}) {
				locked = append(locked, fmt.Sprintf("- `%s`: %s", s.Name, lockHolder(l)))
			}
			continue
		}
		t, problem := a.pullRequestApply(c.ctx, c.f, s, last, pr, c.ev, forgeKind)
		if problem != "" {
			problems = append(problems, fmt.Sprintf("- `%s`: %s", s.Name, problem))
			continue
		}
		tasks = append(tasks, t)
	}
	if len(problems) > 0 {
		c.audit("denied", strings.Join(problems, "; "))
		c.refuse(fmt.Sprintf("@%s: nothing was applied:\n\n%s", c.ev.Author, strings.Join(problems, "\n")))
		return
	}
	if len(tasks) == 0 && len(locked) > 0 {
		c.refuse(fmt.Sprintf("@%s: nothing was applied:\n\n%s", c.ev.Author, strings.Join(locked, "\n")))
		return
	}
	if len(tasks) == 0 {
		c.refuse(fmt.Sprintf("@%s: nothing to apply: no stack has been planned for this pull request (comment `trueup plan` first)%s.", c.ev.Author, stackHint(cmd.stack)))
		return
	}
	var queued []string
	for _, t := range tasks {
		if id, _, err := a.enqueue(t); err != nil {
			c.log.Warn("could not queue an apply from a pull request", "stack", t.stack.Name, "error", err)
		} else {
			queued = append(queued, fmt.Sprintf("`%s` (run [%d](%s))", t.stack.Name, id, a.runURL(id)))
		}
	}
	c.react(forge.ReactionOK)
	c.reply(fmt.Sprintf("@%s asked to apply %s at %s.", c.ev.Author, strings.Join(queued, ", "), shortSHA(pr.HeadSHA)))
}

func stackHint(stack string) string {
	if stack == "" {
		return ""
	}
	return fmt.Sprintf(", or no stack %q plans this repository", stack)
}

// pullRequestApply checks that stack s may apply pull request pr's plan
// (last is its latest plan for the pull request) and returns the run, or
// the reason it may not.
func (a *Agent) pullRequestApply(ctx context.Context, f Forge, s *config.Stack, last *store.Run, pr *forge.PullRequest, ev *forge.Event, forgeKind string) (*task, string) {
	override := ""
	switch {
	case !s.ApplyFromPR:
		return nil, "applying from a pull request is not enabled for this stack (`apply_from_pr`); merge to apply"
	case last == nil:
		return nil, "no plan yet: comment `trueup plan -p " + s.Name + "`"
	case last.Commit != pr.HeadSHA:
		return nil, fmt.Sprintf("the plan is stale: it was made at %s, the head is now %s; comment `trueup plan`", shortSHA(last.Commit), shortSHA(pr.HeadSHA))
	case policyOnlyFailure(last):
		if override = a.policyOverrideOf(s.Name, last.ID); override == "" {
			return nil, fmt.Sprintf("its plan fails the stack's policies (%s); fix it, or a policy owner may override them with `trueup approve_policies`", last.Error)
		}
	case last.Outcome != store.OutcomeSucceeded:
		return nil, fmt.Sprintf("its last plan %s; fix it and comment `trueup plan`", last.Outcome)
	}
	if problem := a.stateMovedSince(s, last); problem != "" {
		return nil, problem
	}
	if problem := a.unmetRequirement(ctx, f, s, pr, ev); problem != "" {
		return nil, problem
	}
	if problem := a.checkPRLock(s, forgeKind, ev); problem != "" {
		return nil, problem
	}
	plan, err := a.store.Plan(last.ID)
	if err != nil {
		return nil, "its plan could not be read: " + err.Error()
	}
	return &task{stack: s, kind: store.KindApply, trigger: store.TriggerComment, ref: ev.HeadRef, pr: ev.Number,
		forge: forgeKind, repo: ev.RepoFullName, commit: pr.HeadSHA, by: forgeKind + ":" + ev.Author, message: pr.Title,
		reviewedState: &plan, policyOverride: override}, ""
}

// lastPullRequestPlan returns the newest finished plan of the stack for
// pull request number, or nil.
func (a *Agent) lastPullRequestPlan(stack string, number int) *store.Run {
	runs, err := a.store.List(store.Filter{Stack: stack, Limit: 200})
	if err != nil {
		return nil
	}
	for _, r := range runs {
		if r.Kind == store.KindPRPlan && r.PR == number && !r.Finished.IsZero() {
			return r
		}
	}
	return nil
}

// applyMarker marks a stack's apply comment on a pull request.
func applyMarker(stack string) string { return "<!-- trueup:apply=" + stack + " -->" }

// commentApplied reports an apply from a pull request on it, in the
// stack's apply comment, edited in place by later applies.
func (a *Agent) commentApplied(ctx context.Context, t *task, out outcome, rl *runLog) {
	f := a.forges[t.forge]
	if f == nil || t.repo == "" {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### trueup apply: `%s` at `%s`\n\n", t.stack.Name, shortSHA(t.commit))
	if out.status == store.OutcomeSucceeded {
		fmt.Fprintf(&b, "**Applied** (%s), as requested by @%s.\n", out.detail, commenter(t.by))
	} else {
		fmt.Fprintf(&b, "**Apply failed** (%s), as requested by @%s.\n", out.detail, commenter(t.by))
		for _, e := range out.errs {
			fmt.Fprintf(&b, "\n```text\n%s\n```\n", strings.ReplaceAll(e, "```", "'''"))
		}
	}
	if out.status == store.OutcomeSucceeded || out.status == store.OutcomeNoChanges {
		b.WriteString(a.automerge(ctx, t, rl))
	}
	if t.policyOverride != "" {
		fmt.Fprintf(&b, "\nFailing policies overridden by @%s (policy owner).\n", commenter(t.policyOverride))
	}
	fmt.Fprintf(&b, "\n[Run %d](%s)\n", t.id, a.runURL(t.id))
	marker := applyMarker(t.stack.Name)
	if err := f.UpsertComment(ctx, t.repo, t.pr, marker, marker+"\n"+a.redact.text(b.String())); err != nil {
		rl.warn("could not comment the apply on pull request %d: %v", t.pr, err)
	}
}

// commenter is the forge user of a "FORGE:USER" principal.
func commenter(by string) string {
	_, user, _ := strings.Cut(by, ":")
	return user
}
