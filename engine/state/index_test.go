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

var counted = addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "many"}

// TestInstanceIndexFollowsTheSlice checks that a resource of many
// instances finds the right one through its index while the engine deposes
// an object in place, records and removes objects, and callers change
// Instances behind the index's back.
func TestInstanceIndexFollowsTheSlice(t *testing.T) {
	s := New()
	const n = 3 * instanceIndexMin
	for i := range n {
		s.SetInstance(counted, "p", &Instance{Key: addrs.IntKey(i), SchemaVersion: int64(i)})
	}
	r := s.FindResource(counted)
	if len(r.Instances) != n || r.index == nil {
		t.Fatalf("%d instances, index %v", len(r.Instances), r.index)
	}
	check := func(when string, key int, deposed string, want int64) {
		t.Helper()
		in := r.Instance(addrs.IntKey(key), deposed)
		switch {
		case want < 0 && in != nil:
			t.Errorf("%s: [%d] deposed %q found (%d), want none", when, key, deposed, in.SchemaVersion)
		case want >= 0 && (in == nil || in.SchemaVersion != want):
			t.Errorf("%s: [%d] deposed %q found %v, want version %d", when, key, deposed, in, want)
		}
	}
	for i := range n {
		check("recorded", i, "", int64(i))
	}
	// Replacing an object keeps one per key.
	s.SetInstance(counted, "p", &Instance{Key: addrs.IntKey(5), SchemaVersion: 500})
	check("replaced", 5, "", 500)
	if len(r.Instances) != n {
		t.Fatalf("replacing added an instance: %d", len(r.Instances))
	}
	// A create_before_destroy replace deposes in place, then records the
	// new object under the same key.
	r.Instance(addrs.IntKey(7), "").Deposed = "d7"
	check("deposed in place", 7, "", -1)
	check("deposed in place", 7, "d7", 7)
	s.SetInstance(counted, "p", &Instance{Key: addrs.IntKey(7), SchemaVersion: 700})
	check("new beside deposed", 7, "", 700)
	check("new beside deposed", 7, "d7", 7)
	if !s.RemoveInstance(counted, addrs.IntKey(7), "d7") {
		t.Fatal("deposed [7] not removed")
	}
	check("deposed removed", 7, "d7", -1)
	check("deposed removed", 7, "", 700)
	// Removing first, middle and last, some of them twice.
	for _, k := range []int{0, n - 1, 20, 0, 21} {
		s.RemoveInstance(counted, addrs.IntKey(k), "")
		check("removed", k, "", -1)
	}
	check("others stay", 1, "", 1)
	check("others stay", 22, "", 22)
	check("others stay", n-2, "", int64(n-2))
	// Changed behind the index's back: filtered, appended to, reassigned.
	r.Instances = slices.DeleteFunc(r.Instances, func(in *Instance) bool { return in.Key == addrs.IntKey(3) })
	check("filtered", 3, "", -1)
	s.SetInstance(counted, "p", &Instance{Key: addrs.IntKey(3), SchemaVersion: 300})
	check("recorded after filtering", 3, "", 300)
	r.Instances = append(r.Instances, &Instance{Key: addrs.IntKey(1000), SchemaVersion: 1000})
	check("appended directly", 1000, "", 1000)
	s.SetInstance(counted, "p", &Instance{Key: addrs.IntKey(1000), SchemaVersion: 1001})
	check("replaced after appending directly", 1000, "", 1001)
	slices.Reverse(r.Instances)
	check("reordered", 4, "", 4)
	s.SetInstance(counted, "p", &Instance{Key: addrs.IntKey(4), SchemaVersion: 400})
	check("replaced after reordering", 4, "", 400)
	seen := map[addrs.InstanceKey]bool{}
	for _, in := range r.Instances {
		if seen[in.Key] && in.Deposed == "" {
			t.Errorf("[%v] twice", in.Key)
		}
		seen[in.Key] = true
	}
	// A decoded state finds instances through an index it builds.
	d, err := Decode(mustEncode(t, s))
	if err != nil {
		t.Fatal(err)
	}
	dr := d.FindResource(counted)
	if dr.index == nil || dr.Instance(addrs.IntKey(22), "") == nil || dr.Instance(addrs.IntKey(20), "") != nil {
		t.Errorf("decoded: index %v, [22] %v, [20] %v", dr.index, dr.Instance(addrs.IntKey(22), ""), dr.Instance(addrs.IntKey(20), ""))
	}
}

// BenchmarkSetInstanceCount10000 records the 10,000 instances of one
// counted resource into an empty state, then removes them, as an apply
// from empty and a destroy do: linear with the instance index, quadratic
// without.
func BenchmarkSetInstanceCount10000(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := New()
		for i := range 10000 {
			s.SetInstance(counted, "p", &Instance{Key: addrs.IntKey(i)})
		}
		for i := range 10000 {
			s.RemoveInstance(counted, addrs.IntKey(i*7919%10000), "")
		}
	}
}
