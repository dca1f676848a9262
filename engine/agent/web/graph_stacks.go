package web

import (
	"net/http"

	"github.com/trueup/trueup/engine/agent/store"
)

// stacksGraph is the graph of the configured stacks: an edge from each
// stack to each stack it waits for, dashed when it was inferred from a
// terraform_remote_state data source rather than written in depends_on
// (as `trueup agent graph` draws it). A node's class tells the stack's
// state: its last run failed, or its last drift check found drift. It is
// nil when no stack depends on another: a list of unrelated boxes says
// nothing the table does not.
func stacksGraph(stacks []Stack) *depGraph {
	g := &depGraph{byID: map[string]*depNode{}, dashed: map[[2]*depNode]bool{}}
	edges := 0
	for _, s := range stacks {
		n := g.node(s.Name)
		switch {
		case s.LastRun != nil && s.LastRun.Outcome == store.OutcomeFailed:
			n.Class = "node-stack-failed"
		case s.Status.Drifted:
			n.Class = "node-stack-drifted"
		}
	}
	for _, s := range stacks {
		user := g.node(s.Name)
		for _, up := range s.DependsOn {
			g.addEdge(user, g.node(up))
			edges++
		}
		for _, up := range s.InferredFrom {
			dep := g.node(up)
			if !hasDep(user, dep) {
				g.addEdge(user, dep)
				g.dashed[[2]*depNode{user, dep}] = true
				edges++
			}
		}
	}
	if edges == 0 {
		return nil
	}
	g.mark(nil)
	return g
}

func hasDep(user, dep *depNode) bool {
	for _, d := range user.Deps {
		if d == dep {
			return true
		}
	}
	return false
}

// stacksGraph serves the stack graph as SVG (404 when no stack depends
// on another).
func (h *handler) stacksGraph(w http.ResponseWriter, r *http.Request) {
	stacks, err := h.src.Stacks()
	if err != nil {
		h.fail(w, err)
		return
	}
	serveGraphSVG(w, stacksGraph(stacks), "no stack depends on another")
}

// serveGraphSVG writes g as an SVG image, or 404 with why when g is nil.
func serveGraphSVG(w http.ResponseWriter, g *depGraph, why string) {
	if g == nil {
		http.Error(w, why, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Security-Policy", contentPolicy)
	w.Write([]byte(graphSVG(g, "graph")))
}
