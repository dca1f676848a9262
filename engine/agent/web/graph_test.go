package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/agent/store"
)

func TestGraphFollowsReferencesThroughModules(t *testing.T) {
	g := graphOf(parsePlan([]byte(samplePlanJSON)))
	want := `data.local_file.seed
local_file.a (create)
local_file.d -> data.local_file.seed module.net.null_resource.n
module.net.null_resource.m
module.net.null_resource.n (update) -> module.net.null_resource.m null_resource.b
null_resource.b (replace) -> local_file.a
random_pet.c (delete)
`
	if got := g.String(); got != want {
		t.Errorf("graph:\n%s\nwant:\n%s", got, want)
	}
	if graphOf(parsePlan([]byte(`{"resource_changes":[]}`))) != nil || graphOf(parsePlan([]byte("not json"))) != nil {
		t.Error("a plan without configuration has a graph")
	}
}

func TestGraphLayoutKeepsDependenciesLeftAndNodesApart(t *testing.T) {
	g := graphOf(parsePlan([]byte(samplePlanJSON)))
	w, h := g.layout()
	for _, n := range g.Nodes {
		if n.x < 0 || n.y < 0 || n.x+n.w > w || n.y+nodeHeight > h {
			t.Errorf("%s at (%.0f,%.0f) is outside the %.0fx%.0f drawing", n.Address, n.x, n.y, w, h)
		}
		for _, d := range n.Deps {
			if d.x+d.w >= n.x {
				t.Errorf("%s (x %.0f..%.0f) is not left of %s, which uses it (x %.0f)", d.Address, d.x, d.x+d.w, n.Address, n.x)
			}
		}
		for _, m := range g.Nodes {
			if m != n && m.x == n.x && m.y < n.y+nodeHeight && n.y < m.y+nodeHeight {
				t.Errorf("%s and %s overlap", n.Address, m.Address)
			}
		}
	}
	// The longest chain (local_file.a -> null_resource.b -> module.net.null_resource.n
	// -> local_file.d) takes four layers.
	if g.byID["local_file.d"].layer != 3 || g.byID["local_file.a"].layer != 0 {
		t.Errorf("layers: d %d, a %d", g.byID["local_file.d"].layer, g.byID["local_file.a"].layer)
	}
}

func TestGraphSurvivesACycle(t *testing.T) {
	g := graphOf(parsePlan([]byte(`{"configuration":{"root_module":{"resources":[
		{"address":"null_resource.a","expressions":{"x":{"references":["null_resource.b"]}}},
		{"address":"null_resource.b","expressions":{"x":{"references":["null_resource.a"]}}}]}}}`)))
	if g.Edges() != 2 {
		t.Fatalf("%d edges", g.Edges())
	}
	if svg := graphSVG(g, "graph"); !strings.Contains(string(svg), `data-address="null_resource.a"`) {
		t.Error("a cyclic graph is not drawn")
	}
}

func TestResourceOf(t *testing.T) {
	for in, want := range map[string]string{
		`aws_s3_bucket.b`:                      `aws_s3_bucket.b`,
		`aws_s3_bucket.b[0]`:                   `aws_s3_bucket.b`,
		`module.a["x.]"].aws_s3_bucket.b["k"]`: `module.a.aws_s3_bucket.b`,
		`module.a[1].module.c.data.x.y[2]`:     `module.a.module.c.data.x.y`,
	} {
		if got := resourceOf(in); got != want {
			t.Errorf("resourceOf(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestStackPageDrawsTheLastPlansGraph(t *testing.T) {
	srv, src, _ := newServer(t)
	_, body := get(t, srv.URL+"/stacks/prod")
	if !strings.Contains(body, `id="graph-none"`) {
		t.Error("a stack whose plans have no configuration shows a graph")
	}
	r := &store.Run{Stack: "prod", Kind: store.KindPlan, Trigger: store.TriggerManual, Outcome: store.OutcomeSucceeded}
	src.st.Create(r)
	src.st.SetPlan(r.ID, store.Plan{Text: samplePlanText, JSON: []byte(samplePlanJSON)})
	// A later run that is still going has no plan yet: the graph stays.
	src.st.Create(&store.Run{Stack: "prod", Kind: store.KindPlan, Trigger: store.TriggerManual, Outcome: store.OutcomeRunning})

	_, body = get(t, srv.URL+"/stacks/prod")
	for _, want := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" id="graph" class="graph"`,
		`<g class="node node-changed node-create" data-address="local_file.a" data-action="create"`,
		`<g class="node node-changed node-replace" data-address="null_resource.b" data-action="replace"`,
		`<g class="node node-data" data-address="data.local_file.seed" data-action=""`,
		`<path class="edge" data-from="local_file.a" data-to="null_resource.b"`,
		`<title>null_resource.b — replace (1 instance)</title>`,
		fmt.Sprintf(`href="/runs/%d">run #%d</a>`, r.ID, r.ID),
		`<script src="/static/graph.js"></script>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("stack page lacks %s", want)
		}
	}
	if n := strings.Count(body, `class="edge"`); n != 5 {
		t.Errorf("%d edges drawn, want 5", n)
	}
	resp, err := http.Get(srv.URL + "/stacks/prod/graph.svg")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("graph.svg: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	_, body = get(t, fmt.Sprintf("%s/runs/%d", srv.URL, r.ID))
	if !strings.Contains(body, `data-address="module.net.null_resource.n" data-action="update"`) {
		t.Error("the run page does not draw its plan's graph")
	}
}
