package web

import (
	"html/template"
	"net/http"

	"github.com/trueup/trueup/engine/agent/store"
)

// stackHistory is how many of a stack's runs its page reads to find the
// last plan, apply and drift check, and lists.
const stackHistory = 100

// stackView is the stack page: the stack's status, its last run of each
// kind and its recent runs.
type stackView struct {
	Stack     Stack
	LastPlan  *store.Run
	LastApply *store.Run
	LastDrift *store.Run
	Runs      []*store.Run
	// Graph is the dependency graph drawn from GraphRun's plan.
	Graph    template.HTML
	GraphRun *store.Run
	// Drift is the drift timeline of the last checks, DriftChecks their
	// number.
	Drift       template.HTML
	DriftChecks int
}

func (h *handler) stackPage(w http.ResponseWriter, r *http.Request) {
	s, runs, ok := h.stackRuns(w, r, driftHistory)
	if !ok {
		return
	}
	checks := h.driftChecks(runs)
	v := &stackView{Stack: s, Runs: runs, Drift: driftSVG(checks), DriftChecks: len(checks)}
	v.LastPlan, v.LastApply, v.LastDrift = lastOfEachKind(runs)
	if run, g := h.lastGraph(runs); g != nil {
		v.GraphRun, v.Graph = run, graphSVG(g, "graph")
	}
	if len(v.Runs) > 20 {
		v.Runs = v.Runs[:20]
	}
	h.render(w, r, "stack.html", v)
}

// stackRuns returns the stack named in the path and up to limit of its
// runs, newest first; it answers 404 when there is no such stack, 500 when
// the history cannot be read, and then returns false.
func (h *handler) stackRuns(w http.ResponseWriter, r *http.Request, limit int) (Stack, []*store.Run, bool) {
	stacks, err := h.src.Stacks()
	if err != nil {
		h.fail(w, err)
		return Stack{}, nil, false
	}
	name := r.PathValue("name")
	for _, s := range stacks {
		if s.Name != name {
			continue
		}
		runs, err := h.src.Runs(s.Name, limit)
		if err != nil {
			h.fail(w, err)
			return Stack{}, nil, false
		}
		return s, runs, true
	}
	http.Error(w, "no such stack", http.StatusNotFound)
	return Stack{}, nil, false
}

// lastOfEachKind picks from runs, newest first, the last plan (a branch or
// pull request plan), the last apply (an apply run, or a reconcile that
// healed drift) and the last drift check (drift or reconcile).
func lastOfEachKind(runs []*store.Run) (plan, apply, drift *store.Run) {
	for _, r := range runs {
		switch r.Kind {
		case store.KindPlan, store.KindPRPlan:
			if plan == nil {
				plan = r
			}
		case store.KindApply:
			if apply == nil {
				apply = r
			}
		case store.KindDrift, store.KindReconcile:
			if drift == nil {
				drift = r
			}
			if apply == nil && r.Kind == store.KindReconcile && r.Summary.Applied {
				apply = r
			}
		}
	}
	return plan, apply, drift
}

// graphSearch bounds how many runs lastGraph reads.
const graphSearch = 10

// lastGraph returns the dependency graph of the newest finished plan or
// apply among runs whose plan has one (the engine's, or its JSON's
// configuration), and that run.
func (h *handler) lastGraph(runs []*store.Run) (*store.Run, *depGraph) {
	tried := 0
	for _, r := range runs {
		if !store.Final(r.Outcome) || (r.Kind != store.KindPlan && r.Kind != store.KindPRPlan && r.Kind != store.KindApply) {
			continue
		}
		if tried++; tried > graphSearch {
			break
		}
		d, err := h.src.Detail(r.ID)
		if err != nil {
			h.log.Warn("reading a run's plan for the graph", "run", r.ID, "error", err)
			continue
		}
		if g := planGraph(d.Plan); g != nil {
			return r, g
		}
	}
	return nil, nil
}

// stackGraph serves the stack's dependency graph alone, as an SVG image.
func (h *handler) stackGraph(w http.ResponseWriter, r *http.Request) {
	_, runs, ok := h.stackRuns(w, r, stackHistory)
	if !ok {
		return
	}
	_, g := h.lastGraph(runs)
	serveGraphSVG(w, g, "no plan of this stack describes its configuration yet")
}
