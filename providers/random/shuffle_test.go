package random

import (
	"context"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// TestShuffleSeedReproducible: the same seed gives the same permutation, as
// Terraform's seeded random_shuffle does; an empty input gives an empty
// list; a negative result_count is refused.
func TestShuffleSeedReproducible(t *testing.T) {
	p := New()
	ctx := context.Background()
	shuffle := func(vals map[string]cty.Value) cty.Value {
		cfg := providertest.ResourceConfig(t, p, "random_shuffle", vals)
		block := p.GetSchema(ctx).Schema.Resources["random_shuffle"].Block
		plan := p.PlanResource(ctx, schema.PlanResourceRequest{TypeName: "random_shuffle", PriorState: block.Null(),
			ProposedNewState: schema.ProposedNew(block, block.Null(), cfg), Config: cfg})
		resp := p.ApplyResource(ctx, schema.ApplyResourceRequest{TypeName: "random_shuffle", PriorState: block.Null(),
			PlannedState: plan.PlannedState, Config: cfg})
		if resp.Diagnostics.HasErrors() {
			t.Fatal(resp.Diagnostics.Err())
		}
		return resp.NewState.GetAttr("result")
	}
	in := letters("a", "b", "c", "d", "e", "f", "g", "h")
	seeded := map[string]cty.Value{"input": in, "seed": cty.StringVal("stable")}
	if a, b := shuffle(seeded), shuffle(seeded); !a.RawEquals(b) {
		t.Errorf("same seed gave %#v and %#v", a, b)
	}
	other := map[string]cty.Value{"input": in, "seed": cty.StringVal("other")}
	if a, b := shuffle(seeded), shuffle(other); a.RawEquals(b) {
		t.Errorf("seeds stable and other gave the same permutation %#v", a)
	}
	if got := shuffle(map[string]cty.Value{"input": cty.ListValEmpty(cty.String)}); got.LengthInt() != 0 {
		t.Errorf("empty input gave %#v", got)
	}
	bad := providertest.ResourceConfig(t, p, "random_shuffle", map[string]cty.Value{"input": in, "result_count": cty.NumberIntVal(-1)})
	if resp := p.ValidateResource(ctx, schema.ValidateResourceRequest{TypeName: "random_shuffle", Config: bad}); !resp.Diagnostics.HasErrors() {
		t.Error("result_count = -1 was accepted")
	}
}
