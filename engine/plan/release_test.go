package plan_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

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
