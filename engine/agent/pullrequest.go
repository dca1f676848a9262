package agent

import (
	"context"
	"errors"
	"time"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/source"
)

var (
	errUnknownStack = errors.New("no such stack")
	errUnknownKind  = errors.New("unknown run kind: use plan, apply or drift")
)

// planPullRequest queues a speculative plan for each stack whose
// directories (its path and local modules) the pull request touches.
func (a *Agent) planPullRequest(forgeKind string, ev *forge.Event, stacks []*config.Stack) {
	a.planPullRequestWith(forgeKind, ev, stacks, prPlanOptions{trigger: store.TriggerWebhook})
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
	ctx, cancel := context.WithTimeout(a.baseContext(), 5*time.Minute)
	defer cancel()
	head := ev.HeadRef
	if head == "" {
		head = ev.HeadSHA
	}
	for _, s := range stacks {
		log := a.log.With("stack", s.Name, "pr", ev.Number)
		if !opts.always && !a.touches(ctx, s, ev, head, log) {
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

// touches reports whether the pull request changes the stack's directories.
// When that cannot be told, it says yes: a needless plan is better than a
// missing one.
func (a *Agent) touches(ctx context.Context, s *config.Stack, ev *forge.Event, head string, log interface {
	Warn(string, ...any)
}) bool {
	opts := source.Options{URL: s.Repo, Ref: head, CacheDir: a.cacheDir(), Auth: a.gitAuth(s), Log: a.log}
	changed := ev.ChangedFiles
	if len(changed) == 0 {
		base := ev.BaseSHA
		if base == "" {
			base = "refs/heads/" + ev.Branch
		}
		var err error
		changed, err = source.ChangedPaths(ctx, opts, base, head)
		if err != nil {
			log.Warn("could not list the pull request's changes; planning anyway", "error", a.redact.text(err.Error()))
			return true
		}
	}
	dirs := []string{s.Path}
	if co, err := source.Fetch(ctx, opts); err == nil {
		dirs = stackDirs(co.Root, s.Path)
	} else {
		log.Warn("could not read the stack's modules; checking its path only", "error", a.redact.text(err.Error()))
	}
	return source.TouchesPath(changed, dirs...)
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
