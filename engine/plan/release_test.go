package plan_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
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

// TestPlanCarryingPreparedBodiesReleasesWhatTheyNoLongerNeed plans with
// CarryPrepared and ReleaseConfig, as for an apply in the same process:
// each managed resource's node carries its prepared body, the plain
// bodies are dropped, the data source's and the one with a dynamic block
// (which the apply evaluates) are kept, and the relevant attributes,
// found after the walk, are the plan's without it.
func TestPlanCarryingPreparedBodiesReleasesWhatTheyNoLongerNeed(t *testing.T) {
	files := map[string]string{"main.tf": `
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
	released := map[string]bool{"test_thing.a": true, "test_thing.b": true, "test_thing.dyn": false, "data.test_echo.d": false}
	for key, want := range released {
		n := g.Nodes[key]
		if n == nil {
			t.Fatalf("no node %s", key)
		}
		if got := n.Resource.IsBodyReleased(); got != want {
			t.Errorf("%s: body released %v, want %v", key, got, want)
		}
		if carried := n.Prepared != nil; carried != (n.Resource.Mode == addrs.ManagedResourceMode) {
			t.Errorf("%s: prepared body carried %v", key, carried)
		}
	}
}
