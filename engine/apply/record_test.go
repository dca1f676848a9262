package apply

import (
	"slices"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
)

func TestDependencyNamesShareOneListsNames(t *testing.T) {
	r := func(name string) addrs.Resource {
		return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: name}
	}
	x := &executor{}
	deps := []addrs.Resource{r("a"), {Module: `module.m["k"]`, Mode: addrs.DataResourceMode, Type: "t", Name: "d"}}
	first := x.dependencyNames(deps)
	if want := []string{"null_resource.a", `module.m["k"].data.t.d`}; !slices.Equal(first, want) {
		t.Fatalf("dependencyNames = %q, want %q", first, want)
	}
	// The instances of one resource share the plan's list: one formatting.
	if again := x.dependencyNames(deps); &again[0] != &first[0] {
		t.Error("the same list was formatted again")
	}
	// A prefix of the last list (same first element) is another list.
	if got := x.dependencyNames(deps[:1]); !slices.Equal(got, []string{"null_resource.a"}) {
		t.Errorf("dependencyNames(a prefix of the list) = %q", got)
	}
	// Another list, even with the same first address, has its own names.
	other := []addrs.Resource{r("a"), r("b")}
	if got := x.dependencyNames(other); !slices.Equal(got, []string{"null_resource.a", "null_resource.b"}) {
		t.Errorf("dependencyNames(other) = %q", got)
	}
	if got := x.dependencyNames(nil); got != nil {
		t.Errorf("dependencyNames(nil) = %q, want nil", got)
	}
}
