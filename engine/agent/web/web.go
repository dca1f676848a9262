package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/agent/store"
)

//go:embed assets
var assets embed.FS

// Source is what the pages show: the agent's stacks and run history.
type Source interface {
	// Stacks returns every configured stack with its status, then the
	// stacks only open pull requests have (Stack.Proposed).
	Stacks() ([]Stack, error)
	// Runs lists runs, newest first (stack "" for all).
	Runs(stack string, limit int) ([]*store.Run, error)
	// Detail returns one run with its plan and log, or store.ErrNotFound.
	Detail(id uint64) (*RunDetail, error)
	// Watch returns a channel that receives after run id changed (its
	// record, plan or log: store.History.Subscribe), and the function
	// that ends the watch. The run log stream reads the run again on each
	// signal instead of polling.
	Watch(id uint64) (changed <-chan struct{}, stop func())
	// Trigger queues a manual run (plan, apply or drift) and returns its
	// ID (0 when an identical run was already waiting). ctx is the
	// request's, which names who asks.
	Trigger(ctx context.Context, stack, kind string) (uint64, error)
	// Audit returns up to limit events of the audit trail, newest first.
	Audit(limit int) ([]*store.AuditEvent, error)
}

// Stack is a configured stack and what is known of it.
type Stack struct {
	Name          string `json:"name"`
	Repo          string `json:"repo"`
	Branch        string `json:"branch"`
	Path          string `json:"path"`
	AutoApply     bool   `json:"auto_apply"`
	PollInterval  string `json:"poll_interval,omitempty"`
	DriftSchedule string `json:"drift_schedule,omitempty"`
	OnDrift       string `json:"on_drift,omitempty"`
	// Forge is the kind of forge the repository lives on ("github",
	// "gitlab", "" for none): it shapes the links to commits and PRs.
	Forge   string            `json:"forge,omitempty"`
	Status  store.StackStatus `json:"status"`
	LastRun *store.Run        `json:"last_run,omitempty"`
	// Lock is the pull request the stack is locked to, or nil.
	Lock *store.Lock `json:"lock,omitempty"`
	// DependsOn are the stacks it waits for as its depends_on says;
	// InferredFrom those its terraform_remote_state data sources read.
	DependsOn    []string `json:"depends_on,omitempty"`
	InferredFrom []string `json:"inferred_from,omitempty"`
	// Proposed is the open pull request the stack exists in, for a stack
	// not configured yet (a directory the pull request adds under a stack
	// glob); nil for a configured stack.
	Proposed *Proposal `json:"proposed,omitempty"`
}

// Proposal is the pull (or merge) request that proposes a stack.
type Proposal struct {
	Forge string `json:"forge"`
	Repo  string `json:"repo"`
	PR    int    `json:"pr"`
	// URL links to the pull request ("" when unknown).
	URL string `json:"url,omitempty"`
}

// RunDetail is a run with its plan and log.
type RunDetail struct {
	Run  *store.Run       `json:"run"`
	Plan store.Plan       `json:"plan"`
	Log  []store.LogEntry `json:"log"`
}

// Viewer is who looks at a page, for the header and the forms.
type Viewer struct {
	// Name is the principal as the audit trail names it.
	Name string
	// Scope is read, operate or admin.
	Scope string
	// CSRF is the session's CSRF token, put in every form; "" when the
	// viewer has no session (a bearer token, or authentication off).
	CSRF string
	// CanOperate shows the buttons that queue runs.
	CanOperate bool
	// SignedIn shows the sign-out button.
	SignedIn bool
}

// Options adjust the handler.
type Options struct {
	// Viewer tells who makes a request; nil shows no viewer and no forms.
	Viewer func(r *http.Request) *Viewer
	// Artifacts are the artifact positions the artifacts page shows; nil
	// shows none.
	Artifacts Artifacts
}

// Handler returns the dashboard and API handler.
func Handler(src Source, log hclog.Logger) http.Handler { return NewHandler(src, log, Options{}) }

// NewHandler is Handler with options.
func NewHandler(src Source, log hclog.Logger, opts Options) http.Handler {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	h := &handler{src: src, log: log, viewer: opts.Viewer, pages: newPages()}
	static, _ := fs.Sub(assets, "assets")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.dashboard)
	mux.HandleFunc("GET /runs/{id}", h.runPage)
	mux.HandleFunc("GET /runs/{id}/events", h.runEvents)
	mux.HandleFunc("GET /stacks.svg", h.stacksGraph)
	mux.HandleFunc("GET /stacks/{name}", h.stackPage)
	mux.HandleFunc("GET /stacks/{name}/graph.svg", h.stackGraph)
	mux.HandleFunc("GET /stacks/{name}/drift.svg", h.stackDrift)
	mux.HandleFunc("GET /audit", h.auditPage)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /api/stacks", h.apiStacks)
	mux.HandleFunc("GET /api/runs", h.apiRuns)
	mux.HandleFunc("GET /api/runs/{id}", h.apiRun)
	mux.HandleFunc("POST /api/stacks/{name}/{action}", h.apiTrigger)
	mux.HandleFunc("POST /stacks/{name}/{action}", h.formTrigger)
	h.artifactRoutes(mux, opts.Artifacts)
	return mux
}

// contentPolicy lets pages load only the agent's own embedded scripts,
// styles and images, and be framed by no one: no inline script runs, and
// no page can send data elsewhere.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

type handler struct {
	src    Source
	log    hclog.Logger
	viewer func(r *http.Request) *Viewer
	pages  pageRenderer
}

func (h *handler) dashboard(w http.ResponseWriter, r *http.Request) {
	stacks, err := h.src.Stacks()
	if err != nil {
		h.fail(w, err)
		return
	}
	runs, err := h.src.Runs("", 50)
	if err != nil {
		h.fail(w, err)
		return
	}
	h.render(w, r, "dashboard.html", map[string]any{"Stacks": stacks, "Runs": runs, "Now": time.Now(), "Graph": graphSVG(stacksGraph(stacks), "graph")})
}

func (h *handler) runPage(w http.ResponseWriter, r *http.Request) {
	d, ok := h.lookup(w, r)
	if !ok {
		return
	}
	h.render(w, r, "run.html", d)
}

func (h *handler) apiStacks(w http.ResponseWriter, r *http.Request) {
	stacks, err := h.src.Stacks()
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"stacks": stacks})
}

func (h *handler) apiRuns(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	runs, err := h.src.Runs(r.URL.Query().Get("stack"), limit)
	if err != nil {
		h.fail(w, err)
		return
	}
	if runs == nil {
		runs = []*store.Run{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": runs})
}

func (h *handler) apiRun(w http.ResponseWriter, r *http.Request) {
	d, ok := h.lookup(w, r)
	if !ok {
		return
	}
	out := map[string]any{"run": d.Run, "plan_text": d.Plan.Text, "log": d.Log}
	if len(d.Plan.JSON) > 0 {
		out["plan_json"] = json.RawMessage(d.Plan.JSON)
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *handler) apiTrigger(w http.ResponseWriter, r *http.Request) {
	id, err := h.src.Trigger(r.Context(), r.PathValue("name"), r.PathValue("action"))
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"run": id, "coalesced": id == 0})
}

// formTrigger is the dashboard's Plan, Apply and Drift buttons: it queues
// the run and shows its page (the dashboard when it coalesced into a
// waiting run).
func (h *handler) formTrigger(w http.ResponseWriter, r *http.Request) {
	id, err := h.src.Trigger(r.Context(), r.PathValue("name"), r.PathValue("action"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	if id == 0 {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/runs/"+strconv.FormatUint(id, 10), http.StatusSeeOther)
}

// lookup finds the run named in the path, answering 404 when there is none.
func (h *handler) lookup(w http.ResponseWriter, r *http.Request) (*RunDetail, bool) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "no such run", http.StatusNotFound)
		return nil, false
	}
	d, err := h.src.Detail(id)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "no such run", http.StatusNotFound)
		return nil, false
	}
	if err != nil {
		h.fail(w, err)
		return nil, false
	}
	return d, true
}

func (h *handler) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", contentPolicy)
	var v *Viewer
	if h.viewer != nil {
		v = h.viewer(r)
	}
	if err := h.pages.render(w, name, data, v); err != nil {
		h.log.Error("rendering a page", "page", name, "error", err)
	}
}

func (h *handler) fail(w http.ResponseWriter, err error) {
	h.log.Error("serving a request", "error", err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
