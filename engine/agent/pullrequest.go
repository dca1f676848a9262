package agent

import (
	"context"
	"errors"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
)

var (
	errUnknownStack = errors.New("no such stack")
	errUnknownKind  = errors.New("unknown run kind: use plan, apply or drift")
)

// planPullRequest queues a speculative plan for each stack whose
// directories (its path and local modules) the pull request touches,
// with the stack globs expanded from its head (prglobs.go).
func (a *Agent) planPullRequest(forgeKind string, ev *forge.Event) {
	ctx, cancel := a.prContext()
	ps := a.pullRequestStacks(ctx, ev)
	a.reportPullRequestStacks(ctx, forgeKind, ev, ps)
	cancel()
	var auto []*config.Stack
	for _, s := range ps.stacks {
		if s.Autoplan.Disabled {
			a.log.Info("autoplan is off for the stack; plan it with a comment", "stack", s.Name, "pr", ev.Number)
			continue
		}
		auto = append(auto, s)
	}
	a.planPullRequestWith(forgeKind, ev, auto, prPlanOptions{trigger: store.TriggerWebhook})
}

// prPlanOptions say how a pull request's plans were asked for.
type prPlanOptions struct {
	trigger string
	// vars are extra -var values for the plans.
	vars []string
	// always plans every stack given, touched or not.
	always bool
	// by is who asked (a comment's author), recorded on the runs.
	by string
}

// planPullRequestWith queues a speculative plan of the pull request's head
// for each given stack it touches (or each stack, with always).
func (a *Agent) planPullRequestWith(forgeKind string, ev *forge.Event, stacks []*config.Stack, opts prPlanOptions) {
	defer a.bg.Done()
	ctx, cancel := a.prContext()
	defer cancel()
	head := prHead(ev)
	changes := a.prChanges(ev, head)
	for _, s := range stacks {
		log := a.log.With("stack", s.Name, "pr", ev.Number)
		if !opts.always && !changes.touches(ctx, s, log) {
			log.Info("pull request does not touch the stack")
			continue
		}
		if !a.lockForPR(ctx, s, forgeKind, ev, ev.Author) {
			continue
		}
		t := &task{stack: s, kind: store.KindPRPlan, trigger: opts.trigger, ref: head, pr: ev.Number,
			forge: forgeKind, repo: ev.RepoFullName, commit: ev.HeadSHA, author: ev.Author, message: ev.Message, vars: opts.vars, by: opts.by}
		if _, _, err := a.enqueue(t); err != nil {
			log.Warn("could not queue a pull-request plan", "error", err)
		}
	}
}

// baseContext is the context triggers run under.
func (a *Agent) baseContext() context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ctx == nil {
		return context.Background()
	}
	return a.ctx
}
