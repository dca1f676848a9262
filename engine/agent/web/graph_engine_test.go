package web

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/agent/store"
)

// TestGraphMatchesTheEnginesGraph draws the graph of a recorded trueup plan
// and compares its edges with `trueup graph` of the same stack (recorded in
// testdata/modules): a resource depends on another when the engine's graph
// leads from one to the other through module calls, inputs and outputs.
// Paths through a local are the known gap (the JSON plan does not describe
// locals), pinned here so that a change to either side shows.
func TestGraphMatchesTheEnginesGraph(t *testing.T) {
	js, dot := modulesTestdata(t, "plan.json"), modulesTestdata(t, "graph.dot")
	g := graphOf(parsePlan(js))
	ours := edgesOf(g)
	direct, viaLocal := engineResourceEdges(string(dot))
	if strings.Join(ours, "\n") != strings.Join(direct, "\n") {
		t.Errorf("the dashboard's edges:\n%s\nthe engine's (not through locals):\n%s", strings.Join(ours, "\n"), strings.Join(direct, "\n"))
	}
	if got := strings.Join(viaLocal, ","); got != "null_resource.e -> random_pet.c" {
		t.Errorf("edges only through locals: %s", got)
	}
	// Every resource of the engine's graph is drawn, with the plan's action.
	for _, addr := range []string{"data.local_file.seed", "local_file.a", "local_file.d", "module.net.null_resource.m", "module.net.null_resource.n", "null_resource.b", "null_resource.e", "random_pet.c"} {
		n := g.byID[addr]
		if n == nil {
			t.Errorf("%s is not drawn", addr)
			continue
		}
		if want := map[bool]string{true: actionRead, false: actionCreate}[strings.HasPrefix(addr, "data.")]; n.Action != want && !(want == actionRead && n.Action == "") {
			t.Errorf("%s is drawn as %q", addr, n.Action)
		}
	}
}

// TestStoredEngineGraphHasTheEdgesThroughLocals draws the graph from the
// engine's resource graph recorded with the plan (testdata/modules/graph.json)
// and compares it with `trueup graph`: every resource-to-resource path of
// the engine's graph is an edge, those through a local too (null_resource.e
// reaches random_pet.c only through local.via_local), and the plan's
// actions are drawn on it.
func TestStoredEngineGraphHasTheEdgesThroughLocals(t *testing.T) {
	js, dot := modulesTestdata(t, "plan.json"), modulesTestdata(t, "graph.dot")
	var edges map[string][]string
	if err := json.Unmarshal(modulesTestdata(t, "graph.json"), &edges); err != nil {
		t.Fatal(err)
	}
	g := planGraph(store.Plan{JSON: js, Graph: edges})
	ours := edgesOf(g)
	direct, viaLocal := engineResourceEdges(string(dot))
	want := append(direct, viaLocal...)
	sort.Strings(want)
	if strings.Join(ours, "\n") != strings.Join(want, "\n") {
		t.Errorf("the dashboard's edges:\n%s\nthe engine's:\n%s", strings.Join(ours, "\n"), strings.Join(want, "\n"))
	}
	if !contains(ours, "null_resource.e -> random_pet.c") {
		t.Error("the edge through local.via_local is not drawn")
	}
	if n := g.byID["local_file.a"]; n == nil || n.Action != actionCreate {
		t.Errorf("local_file.a is drawn as %+v, want the plan's create", n)
	}
	svg := string(graphSVG(g, "graph"))
	if !strings.Contains(svg, `data-from="random_pet.c" data-to="null_resource.e"`) {
		t.Error("the SVG lacks the edge through the local")
	}
	// A plan recorded before graphs were kept is drawn from its JSON,
	// without that edge.
	old := planGraph(store.Plan{JSON: js})
	if old == nil || old.Edges() != len(direct) {
		t.Errorf("a plan without a stored graph: %v", old)
	}
	if planGraph(store.Plan{}) != nil {
		t.Error("a plan with neither graph nor JSON has a graph")
	}
}

// modulesTestdata is the file name of testdata/modules: the recorded plan
// (plan.json), engine graph (graph.json) and `trueup graph` (graph.dot)
// of one stack.
func modulesTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/modules/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edgesOf lists the dashboard graph's edges as "from -> to", sorted.
func edgesOf(g *depGraph) []string {
	var edges []string
	for _, n := range g.Nodes {
		for _, d := range n.Deps {
			edges = append(edges, n.Address+" -> "+d.Address)
		}
	}
	sort.Strings(edges)
	return edges
}

var dotEdge = regexp.MustCompile(`(?m)^\s*"([^"]+)" -> "([^"]+)"`)

// engineResourceEdges reads a DOT graph of `trueup graph` and returns the
// resource-to-resource dependencies it implies: those reached through
// module, variable and output nodes, and those reached only through a
// local.
func engineResourceEdges(dot string) (direct, viaLocal []string) {
	out := map[string][]string{}
	for _, m := range dotEdge.FindAllStringSubmatch(dot, -1) {
		out[m[1]] = append(out[m[1]], m[2])
	}
	isResource := func(k string) bool {
		parts := strings.Split(k, ".")
		for len(parts) >= 2 && parts[0] == "module" {
			parts = parts[2:]
		}
		return len(parts) >= 2 && parts[0] != "var" && parts[0] != "local" && parts[0] != "output"
	}
	seen := map[string]bool{}
	for from := range out {
		if !isResource(from) {
			continue
		}
		type step struct {
			key   string
			local bool
		}
		visited := map[step]bool{}
		stack := []step{}
		for _, to := range out[from] {
			stack = append(stack, step{to, strings.Contains("."+to, ".local.")})
		}
		for len(stack) > 0 {
			s := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if visited[s] {
				continue
			}
			visited[s] = true
			if isResource(s.key) {
				e := from + " -> " + s.key
				if k := e + map[bool]string{true: " local"}[s.local]; !seen[k] {
					seen[k] = true
					if s.local {
						viaLocal = append(viaLocal, e)
					} else {
						direct = append(direct, e)
					}
				}
				continue
			}
			for _, to := range out[s.key] {
				stack = append(stack, step{to, s.local || strings.Contains("."+to, ".local.")})
			}
		}
	}
	// An edge found both ways is a direct one.
	var onlyLocal []string
	for _, e := range viaLocal {
		if !contains(direct, e) {
			onlyLocal = append(onlyLocal, e)
		}
	}
	sort.Strings(direct)
	sort.Strings(onlyLocal)
	return direct, onlyLocal
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
