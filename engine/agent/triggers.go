package agent

import (
	"context"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/trueup/trueup/engine/agent/auth"
	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/source"
)

// startTriggers starts polling and drift schedules; they stop when ctx
// ends.
func (a *Agent) startTriggers(ctx context.Context) {
	a.mu.Lock()
	a.ctx = ctx
	a.mu.Unlock()
	InferDependencies(ctx, a.conf(), InferOptions{CacheDir: a.cacheDir(), Auth: a.gitAuth, Log: a.log.Named("deps")})
	for _, s := range a.conf().Stacks {
		a.startStack(ctx, s)
	}
	a.cron.Start()
	a.watchGlobs(ctx)
	a.startArtifacts(ctx)
	a.startRescue(ctx)
}

// stackTriggers stop a stack's poller and drift schedule.
type stackTriggers struct {
	stop func()
	cron cron.EntryID
}

// startStack starts the stack's poller and drift schedule. They look the
// stack up by name each time, so they follow the configuration as it is
// replaced, and stopStack ends them when a glob's directory goes.
func (a *Agent) startStack(ctx context.Context, s *config.Stack) {
	ctx, cancel := context.WithCancel(ctx)
	tr := &stackTriggers{stop: cancel}
	if s.PollInterval > 0 {
		a.bg.Add(1)
		go a.poll(ctx, s.Name, s.PollInterval)
	}
	if s.Drift != nil {
		name := s.Name
		tr.cron = a.cron.Schedule(s.Drift.Cron, cron.FuncJob(func() {
			if s := a.conf().Stack(name); s != nil && s.Drift != nil {
				a.scheduleDrift(s)
			}
		}))
	}
	a.mu.Lock()
	a.triggers[s.Name] = tr
	a.mu.Unlock()
}

// stopStack stops the stack's poller and drift schedule.
func (a *Agent) stopStack(name string) {
	a.mu.Lock()
	tr := a.triggers[name]
	delete(a.triggers, name)
	a.mu.Unlock()
	if tr == nil {
		return
	}
	tr.stop()
	if tr.cron != 0 {
		a.cron.Remove(tr.cron)
	}
}

// poll fetches the stack's branch every poll interval, and queues a run
// when its head is a commit not seen before: the fallback for missed or
// unconfigured webhooks.
func (a *Agent) poll(ctx context.Context, name string, every time.Duration) {
	defer a.bg.Done()
	log := a.log.Named("poll").With("stack", name)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		s := a.conf().Stack(name)
		if s == nil {
			return
		}
		a.pollOnce(ctx, s, log)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (a *Agent) pollOnce(ctx context.Context, s *config.Stack, log interface {
	Warn(string, ...any)
}) {
	// Polls are quiet: a fetch per interval would flood the log.
	co, err := source.Fetch(ctx, source.Options{URL: s.Repo, Ref: s.Branch, Path: s.Path, CacheDir: a.cacheDir(), Auth: a.gitAuth(s)})
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("polling failed", "error", a.redact.text(err.Error()))
		}
		return
	}
	st, err := a.store.StackStatus(s.Name)
	if err != nil {
		log.Warn("could not read the stack's status", "error", err)
		return
	}
	a.mu.Lock()
	seen := co.Commit == st.LastSeenCommit || co.Commit == a.enqueued[s.Name]
	if !seen {
		a.enqueued[s.Name] = co.Commit
	}
	a.mu.Unlock()
	if seen {
		return
	}
	if !a.pollTouches(ctx, s, st.LastSeenCommit, co.Commit, log) {
		a.storeStatus(s.Name, func(st *store.StackStatus) { st.LastSeenCommit = co.Commit })
		return
	}
	t := &task{stack: s, kind: pushKind(s), trigger: store.TriggerPoll, commit: co.Commit, author: co.Author, message: co.Message}
	if _, _, err := a.enqueue(t); err != nil {
		log.Warn("could not queue a run", "error", err)
	}
}

// pushKind is what a push to the stack's branch runs.
func pushKind(s *config.Stack) string {
	if s.AutoApply {
		return store.KindApply
	}
	return store.KindPlan
}

// scheduleDrift queues the stack's scheduled drift check. It checks the
// commit last applied (the desired state as trueup last set it), or the
// branch head when nothing was applied yet.
func (a *Agent) scheduleDrift(s *config.Stack) {
	kind := store.KindDrift
	if s.Drift.OnDrift == config.OnDriftReconcile {
		kind = store.KindReconcile
	}
	t := a.driftTask(s, kind, store.TriggerSchedule)
	if !a.pullSlot(t) {
		return
	}
	defer a.slots.release()
	if _, _, err := a.enqueue(t); err != nil {
		a.log.Warn("could not queue a drift check", "stack", s.Name, "error", err)
	}
}

func (a *Agent) driftTask(s *config.Stack, kind, trigger string) *task {
	t := &task{stack: s, kind: kind, trigger: trigger}
	if st, err := a.store.StackStatus(s.Name); err == nil && st.LastAppliedCommit != "" {
		t.ref = st.LastAppliedCommit
	}
	return t
}

// Trigger queues a run of the stack asked for by a person: plan or apply
// of the branch head, or a drift check. It returns the run's ID, or 0 when
// an identical run was already waiting. The request's principal (ctx) is
// recorded on the run and in the audit trail.
func (a *Agent) Trigger(ctx context.Context, stack, kind string) (uint64, error) {
	p := auth.FromContext(ctx)
	id, err := a.trigger(stack, kind, p.String())
	outcome, detail := "ok", ""
	switch {
	case err != nil:
		outcome, detail = "failed", err.Error()
	case id == 0:
		detail = "coalesced into a waiting run"
	}
	a.guard.Audit(auth.RemoteFromContext(ctx), p, "trigger", "stack/"+stack+"/"+kind, outcome, detail, id)
	return id, err
}

func (a *Agent) trigger(stack, kind, by string) (uint64, error) {
	s := a.conf().Stack(stack)
	if s == nil {
		return 0, errUnknownStack
	}
	var t *task
	switch kind {
	case store.KindPlan, store.KindApply:
		t = &task{stack: s, kind: kind, trigger: store.TriggerManual}
	case store.KindDrift:
		t = a.driftTask(s, store.KindDrift, store.TriggerManual)
	default:
		return 0, errUnknownKind
	}
	t.by = by
	id, _, err := a.enqueue(t)
	return id, err
}

// EventResult says what a webhook delivery started.
type EventResult struct {
	Event  string   `json:"event"`
	Stacks []string `json:"stacks"`
	Runs   []uint64 `json:"runs,omitempty"`
	Note   string   `json:"note,omitempty"`
}

// HandleEvent starts what a verified webhook event asks for. Pull requests
// are checked against the stacks' paths in the background (that needs
// git), so their runs are not listed in the result.
func (a *Agent) HandleEvent(forgeKind string, ev *forge.Event) EventResult {
	res := EventResult{Event: ev.Kind, Stacks: []string{}}
	switch {
	case ev.Kind == forge.KindPing:
		res.Note = "pong"
		return res
	case ev.Kind == forge.KindPush && ev.Action != forge.ActionDeleted && ev.Branch != "":
		cfg := a.conf()
		stacks := cfg.InDependencyOrder(matchStacks(cfg.Stacks, ev))
		for _, s := range stacks {
			res.Stacks = append(res.Stacks, s.Name)
		}
		globs := pushGlobs(cfg, ev)
		if len(stacks) > 0 || globs != nil {
			res.Note = "checking which stacks the push touches"
			a.bg.Add(1)
			go func() {
				if globs != nil {
					// New directories become stacks before the push is matched.
					a.refreshGlobs(a.baseContext(), globs, ev.HeadSHA)
					cfg := a.conf()
					stacks = cfg.InDependencyOrder(matchStacks(cfg.Stacks, ev))
				}
				a.runPush(forgeKind, ev, stacks)
			}()
		}
	case ev.PlansPullRequest():
		stacks := matchStacks(a.conf().Stacks, ev)
		for _, s := range stacks {
			res.Stacks = append(res.Stacks, s.Name)
		}
		if len(stacks) > 0 || prGlobs(a.conf(), ev) != nil {
			res.Note = "checking which stacks the pull request touches"
			a.bg.Add(1)
			go a.planPullRequest(forgeKind, ev)
		}
	case ev.Kind == forge.KindPullRequest && (ev.Action == forge.ActionClosed || ev.Action == forge.ActionMerged):
		res.Stacks = append(res.Stacks, a.releasePR(forgeKind, ev)...)
		res.Note = "pull request " + ev.Action + ": its stack locks are released"
	case ev.Kind == forge.KindComment:
		res.Note = "reading the comment"
		a.bg.Add(1)
		go a.handleComment(forgeKind, ev)
	default:
		res.Note = "ignored"
	}
	return res
}
