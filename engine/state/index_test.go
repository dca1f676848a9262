package state

import (
	"fmt"
	"slices"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
)

func addrN(i int) addrs.Resource {
	return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: fmt.Sprintf("r%d", i)}
}

// TestIndexFollowsTheSlice checks that FindResource stays right when
// callers change Resources behind the index's back: filtered, reordered,
// reassigned, appended to directly.
func TestIndexFollowsTheSlice(t *testing.T) {
	s := New()
	for i := range 10 {
		s.SetInstance(addrN(i), "p", &Instance{})
	}
	for i := range 10 {
		if r := s.FindResource(addrN(i)); r == nil || r.Addr.Name != fmt.Sprintf("r%d", i) {
			t.Fatalf("r%d: found %v", i, r)
		}
	}
	slices.Reverse(s.Resources) // reordered in place
	if r := s.FindResource(addrN(2)); r == nil || r.Addr.Name != "r2" {
		t.Errorf("after reordering, r2: found %v", r)
	}
	s.Resources = slices.DeleteFunc(s.Resources, func(r *Resource) bool { return r.Addr.Name == "r3" }) // filtered in place
	if r := s.FindResource(addrN(3)); r != nil {
		t.Errorf("after filtering r3 out, found %v", r)
	}
	s.Resources = append(s.Resources, &Resource{Addr: addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "x"}}) // appended directly
	if r := s.FindResource(addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "x"}); r == nil {
		t.Error("a resource appended directly is not found")
	}
	s.Resources = []*Resource{{Addr: addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "r5"}}} // reassigned
	if r := s.FindResource(addrN(4)); r != nil {
		t.Errorf("after reassigning, r4: found %v", r)
	}
	if r := s.FindResource(addrN(5)); r == nil {
		t.Error("after reassigning, r5 is not found")
	}
	s.RemoveInstance(addrN(5), addrs.NoKey, "")
	if r := s.FindResource(addrN(5)); r != nil || len(s.Resources) != 0 {
		t.Errorf("after removing r5's only object: found %v, %d resources", r, len(s.Resources))
	}
	c := s.DeepCopy()
	c.SetInstance(addrN(7), "p", &Instance{})
	if s.FindResource(addrN(7)) != nil || c.FindResource(addrN(7)) == nil {
		t.Error("a copy's index is not its own")
	}
}

// BenchmarkSetInstance100000 records 100,000 resources into an empty
// state, as an apply from empty does: linear with the index.
func BenchmarkSetInstance100000(b *testing.B) {
	all := make([]addrs.Resource, 100000)
	for i := range all {
		all[i] = addrN(i)
	}
	for b.Loop() {
		s := New()
		for _, a := range all {
			s.SetInstance(a, "p", &Instance{})
		}
	}
}

// TestRemoveKeepsTheIndex removes resources one by one, first, middle and
// last, and checks every remaining one is still found.
func TestRemoveKeepsTheIndex(t *testing.T) {
	s := New()
	for i := range 20 {
		s.SetInstance(addrN(i), "p", &Instance{})
	}
	removed := map[int]bool{}
	for _, i := range []int{0, 19, 7, 8, 3, 18, 1} {
		if !s.RemoveInstance(addrN(i), addrs.NoKey, "") {
			t.Fatalf("r%d not removed", i)
		}
		removed[i] = true
		for j := range 20 {
			if got := s.FindResource(addrN(j)) != nil; got == removed[j] {
				t.Fatalf("after removing r%d: r%d found=%v", i, j, got)
			}
		}
		if len(s.Resources) != 20-len(removed) {
			t.Fatalf("%d resources left, want %d", len(s.Resources), 20-len(removed))
		}
	}
}
