package plan_test

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
)

func TestRefreshFindsObjectsDeletedOutOfBand(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": thingA})
	s.MustApply()
	s.Store.Delete(s.ID("test_thing.a"))
	p := s.MustPlan()
	if got := enginetest.Change(p, "test_thing.a"); got == nil || got.Action != plans.Create {
		t.Fatalf("change %+v, want a create of the object deleted out of band", got)
	}
	if len(p.Drift) != 1 || p.Drift[0].Addr.String() != "test_thing.a" || !p.Drift[0].After.IsNull() {
		t.Errorf("drift %+v, want test_thing.a gone", p.Drift)
	}
}

func TestRefreshFindsChangesMadeOutOfBand(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": thingA})
	s.MustApply()
	changeOutOfBand(s, "test_thing.a", "size", cty.NumberIntVal(7))

	p := s.MustPlan()
	rc := enginetest.Change(p, "test_thing.a")
	if rc == nil || rc.Action != plans.Update {
		t.Fatalf("change %+v, want an update back to the configuration", rc)
	}
	if got := rc.Before.GetAttr("size"); !got.RawEquals(cty.NumberIntVal(7)) {
		t.Errorf("before size %#v, want the refreshed 7", got)
	}
	if got := rc.After.GetAttr("size"); !got.RawEquals(cty.NumberIntVal(1)) {
		t.Errorf("after size %#v, want the configured 1", got)
	}
	if len(p.Drift) != 1 {
		t.Errorf("drift %+v, want one object", p.Drift)
	}

	skipped := s.MustPlan(func(o *plan.Options) { o.SkipRefresh = true })
	if rc := enginetest.Change(skipped, "test_thing.a"); rc.Action != plans.NoOp || len(skipped.Drift) != 0 {
		t.Errorf("-refresh=false planned %s with drift %v, want a no-op from the stored value", rc.Action, skipped.Drift)
	}
}

func TestRefreshOnlyRecordsDriftWithoutActions(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": thingA})
	s.MustApply()
	s.Store.Delete(s.ID("test_thing.a"))
	p := s.MustPlan(func(o *plan.Options) { o.Mode = plans.RefreshOnlyMode })
	if c := p.Counts(); c != (plans.Counts{}) {
		t.Errorf("a refresh-only plan counts %+v, want nothing", c)
	}
	if len(p.Drift) != 1 {
		t.Errorf("drift %+v, want the deleted object", p.Drift)
	}
	if enginetest.Instance(p.PriorState, "test_thing.a") != nil {
		t.Errorf("the refreshed prior state still holds the deleted object")
	}
}

// changeOutOfBand sets attribute name of the object at addr, as stored by
// the test provider, to nv: a change made outside trueup.
func changeOutOfBand(s *enginetest.Stack, addr, name string, nv cty.Value) {
	v, _ := s.Store.Get(s.ID(addr))
	s.Store.Put(setAttr(v, name, nv))
}

func setAttr(v cty.Value, name string, nv cty.Value) cty.Value {
	m := v.AsValueMap()
	m[name] = nv
	return cty.ObjectVal(m)
}

// TestPlanKeepsComputedValuesOfUnchangedSetBlocks: a set element whose
// configured values did not change keeps the computed values the platform
// gave it, instead of a perpetual diff back to the provider's default.
func TestPlanKeepsComputedValuesOfUnchangedSetBlocks(t *testing.T) {
	cfg := "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  member {\n    name = \"m\"\n  }\n  member {\n    name = \"o\"\n  }\n}\n"
	s := enginetest.New(t, map[string]string{"main.tf": cfg})
	s.MustApply()
	id := s.ID("test_thing.a")
	v, _ := s.Store.Get(id)
	members := []cty.Value{
		cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("m"), "role": cty.StringVal("owner")}),
		cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("o"), "role": cty.StringVal("reader")}),
	}
	s.Store.Put(setAttr(v, "member", cty.SetVal(members)))
	s.MustApply(func(o *plan.Options) { o.Mode = plans.RefreshOnlyMode })

	if rc := enginetest.Change(s.MustPlan(), "test_thing.a"); rc.Action != plans.NoOp {
		t.Errorf("action %s (%#v -> %#v), want no-op: the members' configuration did not change", rc.Action, rc.Before.GetAttr("member"), rc.After.GetAttr("member"))
	}
}
