package apply_test

import (
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
	"github.com/zclconf/go-cty/cty"
)

// TestApplyReleaseValuesDropsThePlansValuesAndAppliesTheSame applies the
// same changes (creates, an update, both kinds of replace and a delete)
// with and without ReleaseValues: the platform sees the same calls, state
// records the same objects, and with it every applied change's values are
// dropped while the unchanged ones stay.
func TestApplyReleaseValuesDropsThePlansValuesAndAppliesTheSame(t *testing.T) {
	before := map[string]string{"main.tf": `
resource "test_thing" "keep" { name = "keep" }
resource "test_thing" "upd" {
  name = "upd"
  size = 1
}
resource "test_thing" "dtc" {
  name = "dtc"
  zone = "z1"
}
resource "test_thing" "ctd" {
  name = "ctd"
  zone = "z1"
  lifecycle {
    create_before_destroy = true
  }
}
resource "test_thing" "gone" { name = "gone" }
`}
	after := map[string]string{"main.tf": `
resource "test_thing" "keep" { name = "keep" }
resource "test_thing" "upd" {
  name = "upd"
  size = 2
}
resource "test_thing" "dtc" {
  name = "dtc"
  zone = "z2"
}
resource "test_thing" "ctd" {
  name = "ctd"
  zone = "z2"
  lifecycle {
    create_before_destroy = true
  }
}
resource "test_thing" "new" { name = "new-${test_thing.upd.revision}" }
`}
	type outcome struct {
		log   []string
		names []string
		plan  *plans.Plan
		res   *apply.Result
	}
	run := func(release bool) outcome {
		s := enginetest.New(t, before)
		s.MustApply()
		s.SetConfig(after)
		p := s.MustPlan()
		res, diags := s.Apply(p, func(o *apply.Options) { o.ReleaseValues = release })
		if diags.HasErrors() {
			t.Fatalf("apply (release %v): %s", release, diags.Error())
		}
		return outcome{log: s.Store.Log(), names: s.Store.Names(), plan: p, res: res}
	}
	kept, released := run(false), run(true)
	// Independent objects are applied in parallel, in any order.
	slices.Sort(kept.log)
	slices.Sort(released.log)
	if !slices.Equal(kept.log, released.log) || !slices.Equal(kept.names, released.names) {
		t.Errorf("with ReleaseValues the provider calls %v and objects %v, without %v and %v", released.log, released.names, kept.log, kept.names)
	}
	if kept.res.Counts != released.res.Counts {
		t.Errorf("counts %+v with ReleaseValues, %+v without", released.res.Counts, kept.res.Counts)
	}
	for _, addr := range []string{"test_thing.keep", "test_thing.upd", "test_thing.dtc", "test_thing.ctd", "test_thing.new"} {
		a, b := enginetest.Instance(kept.res.State, addr), enginetest.Instance(released.res.State, addr)
		if a == nil || b == nil {
			t.Fatalf("%s in state: %v without ReleaseValues, %v with", addr, a != nil, b != nil)
		}
		if withoutID(t, a.Attributes) != withoutID(t, b.Attributes) {
			t.Errorf("%s recorded %s with ReleaseValues, %s without", addr, b.Attributes, a.Attributes)
		}
	}
	if enginetest.Instance(released.res.State, "test_thing.gone") != nil {
		t.Error("the deleted object is still in state")
	}
	for _, rc := range released.plan.Changes {
		switch {
		case rc.Action == plans.NoOp:
			if rc.After == cty.NilVal || rc.Before == cty.NilVal {
				t.Errorf("%s: the unchanged object's values were dropped", rc.Addr)
			}
		case rc.After != cty.NilVal || rc.Before != cty.NilVal:
			t.Errorf("%s (%s): values kept after apply: before %#v, after %#v", rc.Addr, rc.Action, rc.Before, rc.After)
		}
	}
	for _, rc := range kept.plan.Changes {
		if rc.After == cty.NilVal {
			t.Errorf("%s: the values were dropped without ReleaseValues", rc.Addr)
		}
	}
}

// withoutID returns an object's attributes without its id, which the
// order of creation decides.
func withoutID(t *testing.T, raw []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "id")
	b, _ := json.Marshal(m)
	return string(b)
}

// closeOnFirstApplied is a hook that closes read when the first change is
// applied: the caller has done reading the plan while the walk goes on.
type closeOnFirstApplied struct {
	hook.Nop
	once sync.Once
	read chan struct{}
}

func (h *closeOnFirstApplied) PostApply(string, plans.Action, time.Duration, string, error) {
	h.once.Do(func() { close(h.read) })
}

// TestApplyPlanReadHoldsTheReleasesUntilItCloses: with ReleaseValues and
// PlanRead, a change's values stay while PlanRead is open (the CLI writes
// the plan's text from them), and every applied change's are dropped once
// it closes, those applied before it included.
func TestApplyPlanReadHoldsTheReleasesUntilItCloses(t *testing.T) {
	cfg := map[string]string{"main.tf": `
resource "test_thing" "a" { name = "a" }
resource "test_thing" "b" { name = "b-${test_thing.a.revision}" }
resource "test_thing" "c" { name = "c-${test_thing.b.revision}" }
`}
	applyWith := func(read chan struct{}, h hook.Hook) *plans.Plan {
		s := enginetest.New(t, cfg)
		p := s.MustPlan()
		_, diags := s.Apply(p, func(o *apply.Options) {
			o.ReleaseValues, o.PlanRead = true, read
			if h != nil {
				o.Hook = h
			}
		})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		return p
	}

	open := make(chan struct{})
	p := applyWith(open, nil)
	for _, rc := range p.Changes {
		if rc.After == cty.NilVal {
			t.Errorf("%s: values dropped while the plan is still being read", rc.Addr)
		}
	}
	close(open) // after the walk: nothing more is dropped, nothing races

	h := &closeOnFirstApplied{read: make(chan struct{})}
	p = applyWith(h.read, h)
	for _, rc := range p.Changes {
		if rc.After != cty.NilVal || rc.Before != cty.NilVal {
			t.Errorf("%s: values kept after the plan was read", rc.Addr)
		}
	}
}
