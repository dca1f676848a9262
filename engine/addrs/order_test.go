package addrs

import (
	"slices"
	"testing"
)

func TestCompareResourceInstancesOrdersAsTerraform(t *testing.T) {
	parse := func(s string) ResourceInstance {
		tgt, diags := ParseTarget(s)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", s, diags.Error())
		}
		switch a := tgt.Subject.(type) {
		case ResourceInstance:
			return a
		case Resource:
			return a.Instance(NoKey)
		}
		t.Fatalf("%s is not a resource instance", s)
		return ResourceInstance{}
	}
	want := []string{
		`data.x.a`,
		`x.a`,
		`x.b[2]`,
		`x.b[10]`,
		`x.b["a"]`,
		`y.a`,
		`module.m.x.a`,
		`module.n[1].x.a`,
		`module.n[2].x.a`,
		`module.n["a"].x.a`,
		`module.m.module.k.x.a`,
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	var addrs []ResourceInstance
	for _, s := range got {
		addrs = append(addrs, parse(s))
	}
	slices.SortFunc(addrs, CompareResourceInstances)
	for i, a := range addrs {
		if a.String() != want[i] {
			t.Errorf("position %d: got %s, want %s", i, a, want[i])
		}
	}
}
