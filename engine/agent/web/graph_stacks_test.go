package web

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/agent/store"
)

// stacksSource serves fixed stacks over a real (empty) run history.
type stacksSource struct {
	historySource
	stacks []Stack
}

func (s *stacksSource) Stacks() ([]Stack, error) { return s.stacks, nil }

func serveStacks(t *testing.T, stacks []Stack) *httptest.Server {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(NewHandler(&stacksSource{historySource: historySource{st: st}, stacks: stacks}, nil, Options{}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDashboardDrawsTheStackGraph: the dashboard and /stacks.svg draw an
// arrow from each stack to those that wait for it, dashed when inferred
// from terraform_remote_state, with failed and drifted stacks marked.
func TestDashboardDrawsTheStackGraph(t *testing.T) {
	srv := serveStacks(t, []Stack{
		{Name: "app", DependsOn: []string{"network"}, LastRun: &store.Run{ID: 3, Kind: "apply", Outcome: store.OutcomeFailed}},
		{Name: "db", InferredFrom: []string{"network"}, Status: store.StackStatus{Drifted: true}},
		{Name: "network"},
		{Name: "both", DependsOn: []string{"db"}, InferredFrom: []string{"db"}},
	})
	code, svg := get(t, srv.URL+"/stacks.svg")
	if code != http.StatusOK {
		t.Fatalf("GET /stacks.svg: %d %s", code, svg)
	}
	for _, want := range []string{
		`<path class="edge" data-from="network" data-to="app"`,
		`<path class="edge edge-inferred" data-from="network" data-to="db"`,
		// declared and inferred: drawn once, as declared
		`<path class="edge" data-from="db" data-to="both"`,
		`class="node node-stack-failed" data-address="app"`,
		`class="node node-stack-drifted" data-address="db"`,
		`class="node" data-address="network"`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the stack graph lacks %s:\n%s", want, svg)
		}
	}
	if n := strings.Count(svg, `<path class="edge`); n != 3 {
		t.Errorf("the stack graph has %d edges, want 3", n)
	}
	_, page := get(t, srv.URL+"/")
	if !strings.Contains(page, `<h2>Stack graph</h2>`) || !strings.Contains(page, `data-from="network" data-to="app"`) ||
		!strings.Contains(page, `/static/graph.js`) {
		t.Errorf("the dashboard does not embed the stack graph:\n%s", page)
	}
}

// TestNoStackGraphWithoutDependencies: stacks that wait for none get no
// graph, and /stacks.svg says why.
func TestNoStackGraphWithoutDependencies(t *testing.T) {
	srv := serveStacks(t, []Stack{{Name: "a"}, {Name: "b"}})
	code, body := get(t, srv.URL+"/stacks.svg")
	if code != http.StatusNotFound || !strings.Contains(body, "no stack depends on another") {
		t.Errorf("GET /stacks.svg: %d %q", code, body)
	}
	if _, page := get(t, srv.URL+"/"); strings.Contains(page, "Stack graph") {
		t.Error("the dashboard draws a graph of unrelated stacks")
	}
}
