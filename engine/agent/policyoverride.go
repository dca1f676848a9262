package agent

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
)

// Policy overrides, as Atlantis's policy owners have them: a pull
// request's plan that fails the stack's policies cannot be applied until
// a policy owner (policy_owners: users, or members of teams) comments
// `trueup approve_policies`. The override holds for that plan only (a new
// push or plan needs a new one) and is audited with who gave it.

// policyFailedPrefix starts the error of a run that failed only because
// its plan broke policy rules (see policyOutcome).
const policyFailedPrefix = "policy check failed: "

// policyOnlyFailure reports whether the plan run failed only its policy
// rules: the plan itself succeeded.
func policyOnlyFailure(r *store.Run) bool {
	return r.Outcome == store.OutcomeFailed && strings.HasPrefix(r.Error, policyFailedPrefix)
}

// teamForge is a forge that can tell team membership.
type teamForge interface {
	TeamMember(ctx context.Context, team, user string) (bool, error)
}

// isPolicyOwner reports whether the commenter is a policy owner.
func (a *Agent) isPolicyOwner(c *commentContext) (bool, error) {
	o := a.conf().PolicyOwners
	if o == nil {
		return false, nil
	}
	if slices.Contains(o.Users, c.ev.Author) {
		return true, nil
	}
	tf, ok := c.f.(teamForge)
	if !ok || len(o.Teams) == 0 {
		return false, nil
	}
	for _, team := range o.Teams {
		member, err := tf.TeamMember(c.ctx, team, c.ev.Author)
		if err != nil {
			return false, fmt.Errorf("team %s: %w", team, err)
		}
		if member {
			return true, nil
		}
	}
	return false, nil
}

// policyOwnersText names the policy owners for a refusal.
func (a *Agent) policyOwnersText() string {
	o := a.conf().PolicyOwners
	if o == nil {
		return "none are configured (policy_owners)"
	}
	var parts []string
	if len(o.Users) > 0 {
		parts = append(parts, "users "+strings.Join(o.Users, ", "))
	}
	if len(o.Teams) > 0 {
		parts = append(parts, "members of "+strings.Join(o.Teams, ", "))
	}
	return strings.Join(parts, "; ")
}

// commentApprovePolicies is `trueup approve_policies [-p STACK]`: a
// policy owner approves the failing policies of the pull request's
// latest plans at its head.
func (a *Agent) commentApprovePolicies(c *commentContext, forgeKind string, cmd *commentCommand) {
	owner, err := a.isPolicyOwner(c)
	switch {
	case err != nil:
		c.audit("denied", "could not check policy ownership")
		c.log.Warn("could not check policy ownership", "error", a.redact.text(err.Error()))
		c.refuse(fmt.Sprintf("@%s: trueup could not check whether you are a policy owner, so nothing was approved. Try again later.", c.ev.Author))
		return
	case !owner:
		c.audit("denied", "not a policy owner")
		c.refuse(fmt.Sprintf("@%s: only policy owners may override failing policies (%s); nothing was approved.", c.ev.Author, a.policyOwnersText()))
		return
	}
	pr, err := c.f.PullRequest(c.ctx, c.ev.RepoFullName, c.ev.Number)
	if err != nil {
		c.log.Warn("could not read the pull request", "error", a.redact.text(err.Error()))
		c.refuse(fmt.Sprintf("@%s: trueup could not read pull request %d: nothing was approved.", c.ev.Author, c.ev.Number))
		return
	}
	ev := *c.ev
	ev.Kind, ev.Branch = forge.KindPullRequest, pr.BaseBranch
	var approved []string
	for _, s := range a.pullRequestStacksAt(c.ctx, &ev, pr.HeadSHA) {
		if cmd.stack != "" && s.Name != cmd.stack {
			continue
		}
		last := a.lastPullRequestPlan(s.Name, c.ev.Number)
		if last == nil || last.Commit != pr.HeadSHA || !policyOnlyFailure(last) {
			continue
		}
		o := store.PolicyOverride{Run: last.ID, PR: c.ev.Number, By: c.principal().Name, At: time.Now().UTC()}
		if err := a.store.UpdateStackStatus(s.Name, func(st *store.StackStatus) { st.AddPolicyOverride(o) }); err != nil {
			c.log.Warn("could not record a policy override", "stack", s.Name, "error", err)
			continue
		}
		c.a.guard.Audit("", c.principal(), "policy-override", fmt.Sprintf("stack/%s", s.Name), "ok",
			fmt.Sprintf("%s#%d: plan run %d at %s: %s", c.ev.RepoFullName, c.ev.Number, last.ID, shortSHA(last.Commit), last.Error), last.ID)
		approved = append(approved, fmt.Sprintf("`%s` (plan [run %d](%s))", s.Name, last.ID, a.runURL(last.ID)))
	}
	if len(approved) == 0 {
		c.audit("ok", "no failing policies to approve")
		c.react(forge.ReactionConfused)
		c.reply(fmt.Sprintf("@%s: no plan of this pull request at %s fails its policies%s; nothing to approve.", c.ev.Author, shortSHA(pr.HeadSHA), stackHint(cmd.stack)))
		return
	}
	c.audit("ok", "overrode the failing policies of "+strings.Join(approved, ", "))
	c.react(forge.ReactionOK)
	c.reply(fmt.Sprintf("@%s, a policy owner, overrode the failing policies of %s at %s. `trueup apply` may apply these plans now, when the stack's other apply requirements hold.",
		c.ev.Author, strings.Join(approved, ", "), shortSHA(pr.HeadSHA)))
}

// policyOverrideOf returns who overrode the failing policies of plan
// run id of the stack, or "".
func (a *Agent) policyOverrideOf(stack string, id uint64) string {
	st, err := a.store.StackStatus(stack)
	if err != nil {
		return ""
	}
	if o := st.PolicyOverride(id); o != nil {
		return o.By
	}
	return ""
}
