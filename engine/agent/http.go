package agent

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/agent/web"
	"github.com/trueup/trueup/engine/forge"
)

// Handler serves the webhooks, health, metrics, JSON API and dashboard,
// behind the access control (see engine/agent/auth).
func (a *Agent) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /hooks/github", a.webhook(config.GitHub, forge.ParseGitHubEvent))
	mux.HandleFunc("POST /hooks/gitlab", a.webhook(config.GitLab, forge.ParseGitLabEvent))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.metrics.reg, promhttp.HandlerOpts{}))
	a.artifactsAPI(mux)
	a.locksAPI(mux)
	a.guard.Register(mux)
	sso := ""
	if o := a.newOIDC(); o != nil {
		o.Register(mux)
		sso = a.conf().OIDC.DisplayName
	}
	a.registerForgeLogins(mux)
	a.guard.Login(mux, sso)
	mux.Handle("/", web.NewHandler(a, a.log.Named("web"), web.Options{Viewer: viewer, Artifacts: a}))
	return a.guard.Wrap(mux)
}

// webhook verifies and handles deliveries from one kind of forge. A
// delivery that fails verification gets 401 and starts nothing.
func (a *Agent) webhook(kind string, parse func(*http.Request, []byte) (*forge.Event, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var secret []byte
		if f := a.conf().Forges[kind]; f != nil && f.WebhookSecret != "" {
			secret = []byte(f.WebhookSecret.Reveal())
		}
		ev, err := parse(r, secret)
		if err != nil {
			code := http.StatusBadRequest
			switch {
			case errors.Is(err, forge.ErrUnauthorized):
				code = http.StatusUnauthorized
			case errors.Is(err, forge.ErrPayloadTooLarge):
				code = http.StatusRequestEntityTooLarge
			}
			a.log.Warn("webhook refused", "forge", kind, "status", code, "remote", r.RemoteAddr, "error", a.redact.text(err.Error()))
			writeJSON(w, code, map[string]string{"error": http.StatusText(code)})
			return
		}
		a.log.Info("webhook received", "forge", kind, "event", ev.Kind, "action", ev.Action, "repo", ev.RepoFullName, "branch", ev.Branch, "pr", ev.Number, "delivery", ev.Delivery)
		writeJSON(w, http.StatusAccepted, a.HandleEvent(kind, ev))
	}
}

// Stacks implements web.Source: the configured stacks, then those only
// an open pull request proposes (see proposedStacks).
func (a *Agent) Stacks() ([]web.Stack, error) {
	out := make([]web.Stack, 0, len(a.conf().Stacks))
	configured := map[string]bool{}
	for _, s := range a.conf().Stacks {
		configured[s.Name] = true
		st, err := a.store.StackStatus(s.Name)
		if err != nil {
			return nil, err
		}
		v := web.Stack{Name: s.Name, Repo: s.Repo, Branch: s.Branch, Path: s.Path, AutoApply: s.AutoApply, Forge: s.Forge, Status: st,
			DependsOn: s.DependsOn}
		for _, inf := range s.Inferred {
			v.InferredFrom = append(v.InferredFrom, inf.Upstream)
		}
		if v.Lock, err = a.store.StackLock(s.Name); err != nil {
			return nil, err
		}
		if s.PollInterval > 0 {
			v.PollInterval = s.PollInterval.String()
		}
		if s.Drift != nil {
			v.DriftSchedule, v.OnDrift = s.Drift.Schedule, s.Drift.OnDrift
		}
		if v.LastRun, err = a.lastRun(s.Name); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	proposed, err := a.proposedStacks(configured)
	return append(out, proposed...), err
}

// Runs implements web.Source.
func (a *Agent) Runs(stack string, limit int) ([]*store.Run, error) {
	return a.store.List(store.Filter{Stack: stack, Limit: limit})
}

// Audit implements web.Source.
func (a *Agent) Audit(limit int) ([]*store.AuditEvent, error) { return a.store.Audit(limit) }

// Watch implements web.Source: the history signals each change of the
// run, made by this agent or, with a shared store, another.
func (a *Agent) Watch(id uint64) (<-chan struct{}, func()) { return a.store.Subscribe(id) }

// Detail implements web.Source.
func (a *Agent) Detail(id uint64) (*web.RunDetail, error) {
	r, err := a.store.Get(id)
	if err != nil {
		return nil, err
	}
	p, err := a.store.Plan(id)
	if err != nil {
		return nil, err
	}
	log, err := a.store.Log(id)
	if err != nil {
		return nil, err
	}
	return &web.RunDetail{Run: r, Plan: p, Log: log}, nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
