package plan_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/internal/enginetest"
)

// TestPlanReleasesConfigAsItGoes plans with ReleaseConfig: the plan is
// the one made without it, every resource body is dropped by the end, and
// planning the same configuration again fails with the internal error
// rather than planning from empty bodies.
func TestPlanReleasesConfigAsItGoes(t *testing.T) {
	files := map[string]string{"main.tf": `
resource "test_thing" "a" {
  count = 3
  name  = "a${count.index}"
}
resource "test_thing" "b" {
  name = test_thing.a[0].name
}
data "test_echo" "d" {
  input = "hi"
}
`}
	kept := enginetest.New(t, files).MustPlan()
	s := enginetest.New(t, files)
	cfg := s.Config()
	release := func(o *plan.Options) { o.Config, o.ReleaseConfig = cfg, true }
	p := s.MustPlan(release)
	if got, want := enginetest.Actions(p), enginetest.Actions(kept); len(got) != 5 || !equalActions(got, want) {
		t.Fatalf("actions with release %v, without %v", got, want)
	}
	if after := enginetest.Change(p, "test_thing.b").After.GetAttr("name").AsString(); after != "a0" {
		t.Errorf("test_thing.b name = %q", after)
	}
	// The relevant attributes read bodies after the walk: parsed again.
	if got, want := fmt.Sprint(p.RelevantAttributes), fmt.Sprint(kept.RelevantAttributes); got != want || len(kept.RelevantAttributes) == 0 {
		t.Errorf("relevant attributes with release %s, without %s", got, want)
	}
	for _, r := range append(slices.Collect(maps.Values(cfg.Module.ManagedResources)), slices.Collect(maps.Values(cfg.Module.DataResources))...) {
		if !r.IsBodyReleased() {
			t.Errorf("%s: body kept", r.Addr())
		}
	}
	_, diags := s.Plan(release)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "Internal error: configuration used after release") {
		t.Fatalf("plan of released configuration: %v", diags)
	}
}

func equalActions(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestPlanSkipsRelevantAttributesWhenAsked plans with
// SkipRelevantAttributes: the same changes, and no relevant attributes,
// where the plan without it has them.
func TestPlanSkipsRelevantAttributesWhenAsked(t *testing.T) {
	files := map[string]string{"main.tf": `
resource "test_thing" "a" {
  name = "a"
}
output "name" {
  value = test_thing.a.name
}
`}
	kept := enginetest.New(t, files).MustPlan()
	p := enginetest.New(t, files).MustPlan(func(o *plan.Options) { o.SkipRelevantAttributes = true })
	if got, want := enginetest.Actions(p), enginetest.Actions(kept); !equalActions(got, want) {
		t.Fatalf("actions skipping relevant attributes %v, without %v", got, want)
	}
	if len(kept.RelevantAttributes) == 0 {
		t.Fatal("the plan without SkipRelevantAttributes has no relevant attributes to skip")
	}
	if p.RelevantAttributes != nil {
		t.Errorf("relevant attributes %v, want none", p.RelevantAttributes)
	}
}

// carriedBodies has plain managed bodies (a, b), one with a dynamic block
// (dyn) and a data source's (d): the kinds a plan that carries or
// releases its bodies treats differently.
const carriedBodies = `
resource "test_thing" "a" {
  count = 2
  name  = "a${count.index}"
}
resource "test_thing" "b" {
  name = test_thing.a[0].name
}
resource "test_thing" "dyn" {
  name = test_thing.b.id
  dynamic "rule" {
    for_each = [80]
    content {
      port = rule.value
    }
  }
}
data "test_echo" "d" {
  input = test_thing.b.name
}
`

// TestPlanCarryingPreparedBodiesReleasesWhatTheyNoLongerNeed plans with
// CarryPrepared and ReleaseConfig, as for an apply in the same process:
// each managed resource's node carries its prepared body, the plain
// bodies are dropped, the data source's and the one with a dynamic block
// (which the apply evaluates) are kept, and the relevant attributes,
// found after the walk, are the plan's without it.
func TestPlanCarryingPreparedBodiesReleasesWhatTheyNoLongerNeed(t *testing.T) {
	files := map[string]string{"main.tf": carriedBodies + `
output "name" {
  value = test_thing.dyn.name
}
`}
	kept := enginetest.New(t, files).MustPlan()
	s := enginetest.New(t, files)
	cfg := s.Config()
	var g *eval.ModuleGraph
	p := s.MustPlan(func(o *plan.Options) {
		o.Config, o.ReleaseConfig, o.CarryPrepared = cfg, true, true
		o.Graph = func(mg *eval.ModuleGraph) { g = mg }
	})
	if got, want := enginetest.Actions(p), enginetest.Actions(kept); !equalActions(got, want) {
		t.Fatalf("actions carrying %v, without %v", got, want)
	}
	if got, want := fmt.Sprint(p.RelevantAttributes), fmt.Sprint(kept.RelevantAttributes); got != want || len(kept.RelevantAttributes) == 0 {
		t.Errorf("relevant attributes carrying %s, without %s", got, want)
	}
	checkReleased(t, g, "after the plan")
}

// TestPlanPreparesBodiesWithTheGraph plans as an apply in the same process
// whose plan is neither saved nor rendered as JSON (ReleaseConfig,
// CarryPrepared, SkipRelevantAttributes): the plain managed bodies are
// prepared and dropped with the graph, before the walk, and the walk
// plans with those prepared blocks instead of preparing them again; the
// body with a dynamic block and the data source's are kept for the walk.
func TestPlanPreparesBodiesWithTheGraph(t *testing.T) {
	files := map[string]string{"main.tf": carriedBodies}
	kept := enginetest.New(t, files).MustPlan()
	s := enginetest.New(t, files)
	cfg := s.Config()
	var g *eval.ModuleGraph
	atGraph := map[string]any{}
	p := s.MustPlan(func(o *plan.Options) {
		o.Config, o.ReleaseConfig, o.CarryPrepared, o.SkipRelevantAttributes = cfg, true, true, true
		o.Graph = func(mg *eval.ModuleGraph) {
			g = mg
			checkReleased(t, mg, "with the graph, before the walk")
			for key := range carriedBodiesReleased {
				atGraph[key] = mg.Nodes[key].Prepared
			}
		}
	})
	if got, want := enginetest.Actions(p), enginetest.Actions(kept); !equalActions(got, want) {
		t.Fatalf("actions preparing with the graph %v, without %v", got, want)
	}
	if after := enginetest.Change(p, "test_thing.b").After.GetAttr("name").AsString(); after != "a0" {
		t.Errorf("test_thing.b name = %q", after)
	}
	for key := range carriedBodiesReleased {
		n := g.Nodes[key]
		if n.Resource.Mode != addrs.ManagedResourceMode {
			continue
		}
		if any(n.Prepared) != atGraph[key] {
			t.Errorf("%s: prepared again in the walk", key)
		}
	}
}

// TestPreparedGraphIsTheGraph builds the graph with the managed bodies
// prepared and released: the same nodes and edges as BuildGraph's (the
// references taken from the prepared blocks), each managed resource
// prepared, the plain bodies dropped, the one with a dynamic block and the
// data source's kept.
func TestPreparedGraphIsTheGraph(t *testing.T) {
	files := map[string]string{"main.tf": `
locals {
  name = "app-${test_thing.a[0].id}"
}
resource "test_thing" "a" {
  count = 2
  name  = "a${count.index}"
}
resource "test_thing" "b" {
  name = local.name
  tags = { a = test_thing.a[1].name }
}
resource "test_thing" "dyn" {
  name = "dyn"
  dynamic "rule" {
    for_each = [test_thing.b.id]
    content {
      port = length(rule.value)
    }
  }
}
data "test_echo" "d" {
  input = test_thing.dyn.name
}
output "name" {
  value = data.test_echo.d.output
}
`}
	want, got := bothGraphs(t, files)
	if g, w := graphEdges(got), graphEdges(want); g != w {
		t.Errorf("prepared graph's edges:\n%s\nwant:\n%s", g, w)
	}
	if !strings.Contains(graphEdges(want), "test_thing.b -> test_thing.a") || !strings.Contains(graphEdges(want), "test_thing.dyn -> test_thing.b") {
		t.Errorf("the graph lacks the references it is to compare:\n%s", graphEdges(want))
	}
	checkReleased(t, got, "in the prepared graph")
}

// carriedBodiesReleased says which bodies of carriedBodies (and of
// TestPreparedGraphIsTheGraph's configuration) a releasing plan drops:
// the plain managed ones, not the one with a dynamic block nor the data
// source's.
var carriedBodiesReleased = map[string]bool{"test_thing.a": true, "test_thing.b": true, "test_thing.dyn": false, "data.test_echo.d": false}

// checkReleased checks, at the moment when says, that g's resources have
// their bodies released as carriedBodiesReleased says and that each
// managed resource, and only a managed one, has a prepared body.
func checkReleased(t *testing.T, g *eval.ModuleGraph, when string) {
	t.Helper()
	for key, want := range carriedBodiesReleased {
		n := g.Nodes[key]
		if n == nil {
			t.Fatalf("no node %s", key)
		}
		if got := n.Resource.IsBodyReleased(); got != want {
			t.Errorf("%s: body released %v, want %v (%s)", key, got, want, when)
		}
		if prepared := n.Prepared != nil; prepared != (n.Resource.Mode == addrs.ManagedResourceMode) {
			t.Errorf("%s: prepared body %v (%s)", key, prepared, when)
		}
	}
}

// bothGraphs builds the graph of files twice: as BuildGraph does (want),
// and with its bodies prepared and released (got).
func bothGraphs(t *testing.T, files map[string]string) (want, got *eval.ModuleGraph) {
	t.Helper()
	ctx := context.Background()
	s := enginetest.New(t, files)
	want, diags := eval.BuildGraph(ctx, s.Config(), eval.NewProviders(s.Store.Registry()))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	var prep lang.Preparer
	got, diags = eval.BuildPreparedGraph(ctx, s.Config(), eval.NewProviders(s.Store.Registry()), eval.Preparation{Preparer: &prep, Release: true})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return want, got
}

// graphEdges lists g's edges, one "from -> to" a line, sorted.
func graphEdges(g *eval.ModuleGraph) string {
	var lines []string
	for key := range g.Nodes {
		for _, to := range g.DependenciesOf(key) {
			lines = append(lines, key+" -> "+to)
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestPreparedGraphOfManyBodies prepares the bodies of a configuration
// large enough to be prepared on several goroutines (run it with -race):
// the graph's edges are BuildGraph's, and every body is prepared and
// dropped.
func TestPreparedGraphOfManyBodies(t *testing.T) {
	var src strings.Builder
	for i := range 300 {
		fmt.Fprintf(&src, "resource \"test_thing\" \"r%d\" {\n  name = \"r%d\"\n", i, i)
		if i > 0 {
			fmt.Fprintf(&src, "  tags = { prev = test_thing.r%d.id }\n", i-1)
		}
		src.WriteString("}\n")
	}
	files := map[string]string{"main.tf": src.String()}
	want, got := bothGraphs(t, files)
	if g, w := graphEdges(got), graphEdges(want); g != w || strings.Count(w, "\n") != 298 {
		t.Errorf("prepared graph's edges:\n%s\nwant:\n%s", g, w)
	}
	for key, n := range got.Nodes {
		if n.Prepared == nil || !n.Resource.IsBodyReleased() {
			t.Errorf("%s: prepared %v, released %v", key, n.Prepared != nil, n.Resource.IsBodyReleased())
		}
	}
}
