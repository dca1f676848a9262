package kit

import (
	"context"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

func TestPlanner(t *testing.T) {
	r := testResource()
	b := r.Schema.Block
	null, unknown := cty.NullVal(cty.String), cty.UnknownVal(cty.String)
	s := cty.StringVal
	// Adjust records in "note" that it saw no prior: a replacement must
	// plan like a create.
	pl := &Planner{Block: b, Defaults: r.Defaults,
		Adjust: func(prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			if prior.IsNull() {
				planned = Set(planned, "note", s("create"))
			}
			return planned, nil
		}}
	prior := obj(s("a"), s("create"), s("default"), s("r1"))
	checkPlans(t, b, pl.Plan, []planCase{
		{name: "create is adjusted with a null prior", prior: b.Null(),
			config: obj(s("a"), null, null, null), want: obj(s("a"), s("create"), s("default"), unknown)},
		{name: "in-place change keeps computed results and sees prior", prior: prior,
			config: obj(s("a"), s("n"), null, null), want: obj(s("a"), s("n"), s("default"), s("r1"))},
		{name: "replacement plans like a create", prior: prior,
			config: obj(s("b"), s("n"), null, null), want: obj(s("b"), s("create"), s("default"), unknown), wantReplace: 1},
	})
}

func TestProviderPlansDestroyAsNull(t *testing.T) {
	r := *testResource()
	r.Plan = func(context.Context, schema.PlanResourceRequest) schema.PlanResourceResponse {
		t.Fatal("a destroy reached the type's Plan")
		return schema.PlanResourceResponse{}
	}
	p := &Provider{Resources: map[string]Resource{"thing": r}}
	b := r.Schema.Block
	resp := p.PlanResource(context.Background(), schema.PlanResourceRequest{TypeName: "thing",
		PriorState:       obj(cty.StringVal("a"), cty.NullVal(cty.String), cty.StringVal("default"), cty.StringVal("r")),
		ProposedNewState: b.Null(), Config: b.Null()})
	if resp.Diagnostics.HasErrors() || !resp.PlannedState.IsNull() {
		t.Fatalf("planned %#v, diagnostics %v; want null", resp.PlannedState, resp.Diagnostics)
	}
}

func TestConfigured(t *testing.T) {
	h := Configured[string]{Name: "demo"}
	if _, diags := h.Get(); !diags.HasErrors() || diags[0].Summary != "Provider not configured" {
		t.Fatalf("Get before Set: %v, want 'Provider not configured'", diags)
	}
	first, second := "one", "two"
	if old := h.Set(&first); old != nil {
		t.Fatalf("first Set replaced %q", *old)
	}
	if old := h.Set(&second); old != &first {
		t.Fatalf("second Set returned %v, want the first value to release", old)
	}
	if c, diags := h.Get(); diags.HasErrors() || *c != "two" {
		t.Fatalf("Get = %v, %v; want two", c, diags)
	}
}
