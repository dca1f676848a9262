package apply

import (
	"slices"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
)

func TestChangeIndexKeepsEachResourcesChangesInPlanOrder(t *testing.T) {
	res := func(mod addrs.ModuleInstance, name string) addrs.Resource {
		return addrs.Resource{Module: mod, Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: name}
	}
	a, b, c := res("", "a"), res("", "b"), res(`module.m["x"]`, "a")
	var changes []*plans.ResourceChange
	add := func(r addrs.Resource, key addrs.InstanceKey) {
		changes = append(changes, &plans.ResourceChange{Addr: addrs.ResourceInstance{Resource: r, Key: key}})
	}
	// Interleaved, as a plan's changes of several resources may be.
	add(b, addrs.IntKey(0))
	add(a, addrs.IntKey(2))
	add(b, addrs.IntKey(1))
	add(c, addrs.NoKey)
	add(a, addrs.IntKey(0))
	add(b, addrs.IntKey(2))
	add(a, addrs.IntKey(1))

	checkChangeIndex(t, changes, newChangeIndex(changes))
	if idx := newChangeIndex(changes); idx.spans == nil {
		t.Errorf("the index of interleaved changes has no spans: it would search them as if sorted")
	}
	// Sorted as a plan's changes are: searched in place, without a map.
	slices.SortFunc(changes, func(x, y *plans.ResourceChange) int { return addrs.CompareResourceInstances(x.Addr, y.Addr) })
	sorted := newChangeIndex(changes)
	if sorted.spans != nil || &sorted.all[0] != &changes[0] {
		t.Errorf("the index of sorted changes has a map of spans or a copy of them")
	}
	checkChangeIndex(t, changes, sorted)
}

func checkChangeIndex(t *testing.T, changes []*plans.ResourceChange, idx changeIndex) {
	t.Helper()
	res := func(mod addrs.ModuleInstance, name string) addrs.Resource {
		return addrs.Resource{Module: mod, Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: name}
	}
	a, b, c := res("", "a"), res("", "b"), res(`module.m["x"]`, "a")
	for _, r := range []addrs.Resource{a, b, c} {
		var want []*plans.ResourceChange
		for _, rc := range changes {
			if rc.Addr.Resource == r {
				want = append(want, rc)
			}
		}
		got := idx.of(r)
		if !slices.Equal(got, want) {
			t.Errorf("of(%s) = %v, want %v", r, addrsOf(got), addrsOf(want))
		}
		if cap(got) != len(got) {
			t.Errorf("of(%s) has room to append over the next resource's changes: cap %d, len %d", r, cap(got), len(got))
		}
	}
	for _, r := range []addrs.Resource{res("", "none"), res("", "0"), res("", "z"), res(`module.m["y"]`, "a")} {
		if got := idx.of(r); got != nil {
			t.Errorf("of(%s), a resource without changes, = %v, want none", r, addrsOf(got))
		}
	}
	byNode := idx.byNode()
	if got := byNode["null_resource.b"]; len(got) != 3 {
		t.Errorf("byNode()[null_resource.b] = %v, want its three changes", addrsOf(got))
	}
	if got := byNode["module.m.null_resource.a"]; len(got) != 1 || got[0].Addr.Resource != c {
		t.Errorf(`byNode()[module.m.null_resource.a] = %v, want module.m["x"].null_resource.a's change`, addrsOf(got))
	}
}

func addrsOf(rcs []*plans.ResourceChange) []string {
	var out []string
	for _, rc := range rcs {
		out = append(out, rc.Addr.String())
	}
	return out
}
