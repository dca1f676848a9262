package refactor

import (
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// stateOf returns a state holding one object at each resource instance
// address, its id the address it was created at.
func stateOf(t *testing.T, addresses ...string) *state.State {
	t.Helper()
	st := state.New()
	for _, a := range addresses {
		ri := instance(t, a)
		st.SetInstance(ri.Resource, `provider["registry.terraform.io/hashicorp/null"]`,
			&state.Instance{Key: ri.Key, Attributes: []byte(`{"id":"` + strings.ReplaceAll(a, `"`, `\"`) + `"}`)})
	}
	return st
}

func instance(t *testing.T, s string) addrs.ResourceInstance {
	t.Helper()
	tgt, diags := addrs.ParseTarget(s)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", s, diags.Error())
	}
	switch a := tgt.Subject.(type) {
	case addrs.ResourceInstance:
		return a
	case addrs.Resource:
		return a.Instance(addrs.NoKey)
	}
	t.Fatalf("%s is not a resource instance", s)
	return addrs.ResourceInstance{}
}

func target(t *testing.T, s string) addrs.Targetable {
	t.Helper()
	tgt, diags := addrs.ParseTarget(s)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", s, diags.Error())
	}
	return tgt.Subject
}

// contents lists "address=id" for every object in st, sorted.
func contents(st *state.State) []string {
	var out []string
	for _, ri := range liveInstances(st) {
		r := st.FindResource(ri.Resource)
		inst := r.Instance(ri.Key, "")
		id := strings.TrimSuffix(strings.TrimPrefix(string(inst.Attributes), `{"id":"`), `"}`)
		out = append(out, ri.String()+"="+strings.ReplaceAll(id, `\"`, `"`))
	}
	slices.Sort(out)
	return out
}

func TestMove(t *testing.T) {
	tests := []struct {
		name     string
		state    []string
		from, to string
		want     []string
		err      string
	}{{
		name: "resource keeps instance keys", state: []string{"null_resource.a[0]", "null_resource.a[1]"},
		from: "null_resource.a", to: "null_resource.b",
		want: []string{"null_resource.b[0]=null_resource.a[0]", "null_resource.b[1]=null_resource.a[1]"},
	}, {
		name: "into count", state: []string{"null_resource.a"},
		from: "null_resource.a", to: "null_resource.a[0]",
		want: []string{"null_resource.a[0]=null_resource.a"},
	}, {
		name: "out of for_each", state: []string{`null_resource.a["x"]`, `null_resource.a["y"]`},
		from: `null_resource.a["x"]`, to: "null_resource.b",
		want: []string{`null_resource.a["y"]=null_resource.a["y"]`, `null_resource.b=null_resource.a["x"]`},
	}, {
		name: "into a module", state: []string{"null_resource.a"},
		from: "null_resource.a", to: "module.m.null_resource.a",
		want: []string{"module.m.null_resource.a=null_resource.a"},
	}, {
		name: "whole module with nested modules", state: []string{"module.a.null_resource.x", "module.a.module.b.null_resource.y", "module.ab.null_resource.z"},
		from: "module.a", to: `module.c["k"]`,
		want: []string{`module.ab.null_resource.z=module.ab.null_resource.z`, `module.c["k"].module.b.null_resource.y=module.a.module.b.null_resource.y`, `module.c["k"].null_resource.x=module.a.null_resource.x`},
	}, {
		name: "whole counted module call keeps keys", state: []string{"module.a[0].null_resource.x", "module.a[1].module.b.null_resource.y"},
		from: "module.a", to: "module.c",
		want: []string{"module.c[0].null_resource.x=module.a[0].null_resource.x", "module.c[1].module.b.null_resource.y=module.a[1].module.b.null_resource.y"},
	}, {
		name: "destination taken", state: []string{"null_resource.a", "null_resource.b"},
		from: "null_resource.a", to: "null_resource.b",
		err: "an object already exists at null_resource.b",
	}, {
		name: "type must stay", state: []string{"null_resource.a"},
		from: "null_resource.a", to: "random_id.a",
		err: "the resource type must stay the same",
	}, {
		name: "nothing at source", state: []string{"null_resource.a"},
		from: "null_resource.z", to: "null_resource.y",
		err: "no object in state has address null_resource.z",
	}, {
		name: "module to resource", state: []string{"module.a.null_resource.x"},
		from: "module.a", to: "null_resource.x",
		err: "a module moves to another module address",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := stateOf(t, tt.state...)
			before := contents(st)
			_, err := Move(st, target(t, tt.from), target(t, tt.to))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				if got := contents(st); !slices.Equal(got, before) {
					t.Errorf("a failed move changed state:\n%v\nwas\n%v", got, before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := contents(st); !slices.Equal(got, tt.want) {
				t.Errorf("state after move:\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestApplyMovesChainsAndBlocks(t *testing.T) {
	st := stateOf(t, "null_resource.a", "null_resource.taken", "null_resource.blocked")
	stmts, diags := order([]Statement{
		{From: target(t, "null_resource.b"), To: target(t, "null_resource.c")},
		{From: target(t, "null_resource.a"), To: target(t, "null_resource.b")},
		{From: target(t, "null_resource.blocked"), To: target(t, "null_resource.taken")},
	})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	moved, blocked := ApplyMoves(st, stmts)
	want := []string{"null_resource.blocked=null_resource.blocked", "null_resource.c=null_resource.a", "null_resource.taken=null_resource.taken"}
	if got := contents(st); !slices.Equal(got, want) {
		t.Errorf("state:\n%v\nwant\n%v", got, want)
	}
	if len(blocked) != 1 || blocked[0].To.String() != "null_resource.taken" {
		t.Errorf("blocked = %v, want the move onto null_resource.taken", blocked)
	}
	origins := Origins(moved)
	if got := origins[instance(t, "null_resource.c")]; got.String() != "null_resource.a" {
		t.Errorf("origin of null_resource.c = %s, want null_resource.a", got)
	}
}

func TestOrderRejectsCycles(t *testing.T) {
	_, diags := order([]Statement{
		{From: target(t, "null_resource.a"), To: target(t, "null_resource.b")},
		{From: target(t, "null_resource.b"), To: target(t, "null_resource.a")},
	})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "Cyclic dependency in move statements") {
		t.Fatalf("diags = %v, want a cycle error", diags)
	}
}
