package agent

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/queue"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/source"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/vars"
	"github.com/zclconf/go-cty/cty"
)

// outcome is how a run ended, as recorded and reported.
type outcome struct {
	status  string // store.Outcome*
	summary store.Summary
	errs    []string
	// detail is a one-line description for statuses and notifications.
	detail string
}

// execute carries out one attempt of a run. It returns a queue.Retry error
// when the state lock is held elsewhere; every other end is recorded here.
func (a *Agent) execute(ctx context.Context, t *task, attempt int) error {
	release, leaseErr := a.leaseStack(ctx, t)
	if leaseErr != nil {
		return leaseErr
	}
	defer release()
	rl := &runLog{id: t.id, st: a.store, redact: a.redact, log: a.log}
	started := time.Now().UTC()
	a.update(t, func(r *store.Run) {
		r.Outcome, r.Started, r.Attempts = store.OutcomeRunning, started, attempt
	})
	if attempt == 1 {
		rl.info("%s run of stack %s, triggered by %s", t.kind, t.stack.Name, t.trigger)
	} else {
		rl.info("attempt %d", attempt)
	}
	co, err := a.fetch(ctx, t)
	if err != nil {
		rl.error("fetching %s: %v", t.fetchRef(), err)
		return a.complete(ctx, t, rl, nil, started, outcome{status: store.OutcomeFailed, errs: []string{a.redact.text("fetching the configuration: " + err.Error())}})
	}
	t.commit, t.author, t.message = co.Commit, co.Author, co.Message
	a.update(t, func(r *store.Run) { r.Commit, r.Author, r.Message = co.Commit, co.Author, co.Message })
	rl.info("fetched %s at %s (%s)", co.Source, shortSHA(co.Commit), firstLine(co.Message))
	if t.ref == "" && (t.kind == store.KindPlan || t.kind == store.KindApply) {
		a.storeStatus(t.stack.Name, func(st *store.StackStatus) { st.LastSeenCommit = co.Commit })
	}
	if stop, err := a.gateUpstream(ctx, t, rl, co.Commit, started); stop {
		return err
	}
	// Once per commit: a retried run's commit is already pending, and
	// GitLab refuses to set a pending status pending again.
	if t.pending != co.Commit {
		a.setStatus(ctx, t, "pending", "trueup is running a "+t.kind, rl)
		t.pending = co.Commit
	}

	modulesDir, cleanup, errs := a.installModules(ctx, t, co, rl)
	defer cleanup()
	if len(errs) > 0 {
		return a.complete(ctx, t, rl, co, started, outcome{status: store.OutcomeFailed, errs: errs, detail: "failed: " + firstLine(errs[0])})
	}
	t.modulesDir = modulesDir
	reg, cleanupProviders, err := a.installProviders(ctx, t, co, rl)
	defer cleanupProviders()
	if err != nil {
		msg := a.redact.text("installing providers: " + err.Error())
		rl.error("%s", msg)
		return a.complete(ctx, t, rl, co, started, outcome{status: store.OutcomeFailed, errs: []string{msg}, detail: "failed: " + firstLine(msg)})
	}
	t.providers = reg

	var res outcome
	var retry error
	switch t.kind {
	case store.KindDrift, store.KindReconcile:
		res, retry = a.driftRun(ctx, t, co, rl)
	default:
		res, retry = a.planRun(ctx, t, co, rl)
	}
	if retry != nil {
		rl.warn("%v; the run will be retried", retry)
		a.update(t, func(r *store.Run) { r.Outcome, r.Error = store.OutcomeQueued, a.redact.text("waiting: "+retry.Error()) })
		return queue.Retry(retry)
	}
	return a.complete(ctx, t, rl, co, started, res)
}

// complete records the run's outcome, counts it and reports it.
func (a *Agent) complete(ctx context.Context, t *task, rl *runLog, co *source.Checkout, started time.Time, res outcome) error {
	if ctx.Err() != nil && res.status == store.OutcomeFailed {
		if a.queue.Stopping() {
			res.status = store.OutcomeInterrupted
			res.errs = append(res.errs, "the agent shut down during the run; state was saved and the lock released")
		} else if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			res.errs = append(res.errs, fmt.Sprintf("the run timed out after %s", a.conf().Server.RunTimeout))
		}
	}
	finished := time.Now().UTC()
	errText := ""
	if len(res.errs) > 0 {
		errText = res.errs[0]
	} else if res.status == store.OutcomeFailed {
		// A failure without diagnostics (a failed policy check) says why.
		errText = res.detail
	}
	rl.info("run finished: %s", res.status)
	a.countRun(t, res.status, finished.Sub(started))
	// Reports go out even when the run was cancelled, with a context of
	// their own.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	a.report(rctx, t, rl, res)
	// The outcome is recorded last: whoever sees a run finished (the API,
	// the dashboard) also sees its metrics counted and its status reported.
	a.update(t, func(r *store.Run) {
		r.Outcome, r.Summary, r.Error, r.Finished = res.status, res.summary, errText, finished
	})
	a.log.Info("run finished", "run", t.id, "stack", t.stack.Name, "kind", t.kind, "outcome", res.status, "commit", shortSHA(t.commit))
	if t.kind == store.KindApply && t.ref == "" && (res.status == store.OutcomeSucceeded || res.status == store.OutcomeFailed) && !a.queue.Stopping() {
		a.bg.Add(1)
		go a.afterUpstreamApply(t, res.status, t.id)
	}
	a.pruneHistory(t.stack.Name)
	return nil
}

// pruneHistory deletes the stack's finished runs beyond history_limit,
// oldest first.
func (a *Agent) pruneHistory(stack string) {
	n, err := a.store.Prune(stack, a.conf().Server.HistoryLimit)
	if err != nil {
		a.log.Error("could not prune the run history", "stack", stack, "error", err)
	} else if n > 0 {
		a.log.Debug("pruned the run history", "stack", stack, "deleted", n, "history_limit", a.conf().Server.HistoryLimit)
	}
}

// fetch checks out the run's ref.
func (a *Agent) fetch(ctx context.Context, t *task) (*source.Checkout, error) {
	opts := source.Options{URL: t.stack.Repo, Ref: t.fetchRef(), Path: t.stack.Path, CacheDir: a.cacheDir(), Log: a.log}
	opts.Auth = a.gitAuth(t.stack)
	return source.Fetch(ctx, opts)
}

// gitAuth is the stack's git credentials: git_token_env for https, the
// default ssh agent and known_hosts for ssh.
func (a *Agent) gitAuth(s *config.Stack) source.Auth { return GitAuth(a.conf(), s) }

// GitAuth is the stack's git credentials in cfg: git_token_env (or its
// forge's token) for https, the default ssh agent and known_hosts for ssh.
func GitAuth(cfg *config.Config, s *config.Stack) source.Auth {
	auth := source.Auth{TokenEnv: s.GitTokenEnv, SSHAgent: true}
	if auth.TokenEnv == "" && s.Forge != "" {
		auth.TokenEnv = cfg.Forges[s.Forge].TokenEnv
	}
	return auth
}

// runEnv is the engine environment of a run of the task's stack, with its
// backend watched for a lock held elsewhere and the providers the run
// installed.
func (a *Agent) runEnv(t *task) (run.Env, *lockWatch) {
	s := t.stack
	env := a.env(s)
	if t.providers != nil {
		env.Providers = t.providers
	}
	w := &lockWatch{agent: a.id, dead: a.deadHolder}
	open := env.OpenBackend
	env.OpenBackend = func(ctx context.Context, dir string, mod *configModule) (state.Backend, error) {
		b, err := open(ctx, dir, mod)
		if err != nil {
			return nil, err
		}
		return &watchedBackend{Backend: b, w: w}, nil
	}
	if env.Log == nil {
		env.Log = a.log.Named("engine").With("stack", s.Name)
	}
	return env, w
}

// request is the engine request for a run on a checkout.
func (a *Agent) request(t *task, co *source.Checkout, rl *runLog) run.Request {
	args := varArgs(t.stack, co.Dir)
	for _, v := range t.vars {
		args = append(args, vars.Arg{Kind: vars.Var, Value: v})
	}
	return run.Request{Dir: co.Dir, ModulesDir: t.modulesDir, Vars: args, Environ: tfVarEnviron(), Operation: t.kind,
		Commit: co.Commit, Source: co.Source, Hook: rl, Workspace: t.stack.Workspace}
}

// varArgs turns the stack's vars and var_files into -var and -var-file
// arguments; var files are relative to the stack's directory.
func varArgs(s *config.Stack, dir string) []vars.Arg {
	var out []vars.Arg
	for _, f := range s.VarFiles {
		out = append(out, vars.Arg{Kind: vars.VarFile, Value: filepath.Join(dir, filepath.FromSlash(f))})
	}
	for _, name := range sortedKeys(s.Vars) {
		v := s.Vars[name]
		lit := ""
		if v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			lit = v.AsString()
		} else {
			lit = string(hclwrite.TokensForValue(v).Bytes())
		}
		out = append(out, vars.Arg{Kind: vars.Var, Value: name + "=" + lit})
	}
	return out
}

func (a *Agent) update(t *task, fn func(r *store.Run)) {
	if _, err := a.store.Update(t.id, fn); err != nil {
		a.log.Error("could not update a run record", "run", t.id, "error", err)
	}
}

func (a *Agent) storeStatus(stack string, fn func(st *store.StackStatus)) {
	if err := a.store.UpdateStackStatus(stack, fn); err != nil {
		a.log.Error("could not update a stack's status", "stack", stack, "error", err)
	}
}
