package kit

import (
	"context"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

func testResource() *Resource {
	return &Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"name":   {Type: cty.String, Required: true, ForceNew: true},
			"note":   {Type: cty.String, Optional: true},
			"mode":   {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
			"result": {Type: cty.String, Computed: true},
		}}},
		Defaults: map[string]cty.Value{"mode": cty.StringVal("default")},
	}
}

func obj(name, note, mode, result cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"name": name, "note": note, "mode": mode, "result": result})
}

func TestPlan(t *testing.T) {
	r := testResource()
	b := r.Schema.Block
	null, unknown := cty.NullVal(cty.String), cty.UnknownVal(cty.String)
	s := cty.StringVal
	prior := obj(s("a"), null, s("default"), s("r1"))
	checkPlans(t, b, func(req schema.PlanResourceRequest) schema.PlanResourceResponse { return Plan(r, req) }, []planCase{
		{name: "create fills defaults and leaves results unknown", prior: b.Null(),
			config: obj(s("a"), null, null, null), want: obj(s("a"), null, s("default"), unknown)},
		{name: "unchanged object plans exactly prior", prior: prior,
			config: obj(s("a"), null, null, null), want: prior},
		{name: "in-place change keeps results", prior: prior,
			config: obj(s("a"), s("n"), null, null), want: obj(s("a"), s("n"), s("default"), s("r1"))},
		{name: "ForceNew change replaces and makes results unknown", prior: prior,
			config: obj(s("b"), null, null, null), want: obj(s("b"), null, s("default"), unknown), wantReplace: 1},
		{name: "removing a defaulted value plans the default again", prior: obj(s("a"), null, s("custom"), s("r1")),
			config: obj(s("a"), null, null, null), want: obj(s("a"), null, s("default"), unknown), wantReplace: 1},
	})
}

// planCase is one plan of testResource: prior and config in, the planned
// value and the number of paths forcing replacement out.
type planCase struct {
	name        string
	prior       cty.Value
	config      cty.Value
	want        cty.Value
	wantReplace int
}

func checkPlans(t *testing.T, b *schema.Block, plan func(schema.PlanResourceRequest) schema.PlanResourceResponse, tests []planCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := plan(schema.PlanResourceRequest{PriorState: tt.prior,
				ProposedNewState: schema.ProposedNew(b, tt.prior, tt.config), Config: tt.config})
			if !resp.PlannedState.RawEquals(tt.want) {
				t.Errorf("planned %#v, want %#v", resp.PlannedState, tt.want)
			}
			if len(resp.RequiresReplace) != tt.wantReplace {
				t.Errorf("RequiresReplace %v, want %d paths", resp.RequiresReplace, tt.wantReplace)
			}
		})
	}
}

func TestProviderDispatch(t *testing.T) {
	r := *testResource()
	r.Create = func(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
		return Set(planned, "result", cty.StringVal("made")), nil
	}
	p := &Provider{Resources: map[string]Resource{"thing": r}}
	ctx := context.Background()
	b := r.Schema.Block
	s := cty.StringVal
	state := obj(s("a"), cty.NullVal(cty.String), s("default"), s("made"))
	tests := []struct {
		name    string
		call    func() (cty.Value, schema.Diagnostics)
		want    cty.Value
		wantErr bool
	}{
		{name: "create returns what Create made", want: state, call: func() (cty.Value, schema.Diagnostics) {
			resp := p.ApplyResource(ctx, schema.ApplyResourceRequest{TypeName: "thing", PriorState: b.Null(),
				PlannedState: obj(s("a"), cty.NullVal(cty.String), s("default"), cty.UnknownVal(cty.String))})
			return resp.NewState, resp.Diagnostics
		}},
		{name: "delete without a Delete function returns null", want: b.Null(), call: func() (cty.Value, schema.Diagnostics) {
			resp := p.ApplyResource(ctx, schema.ApplyResourceRequest{TypeName: "thing", PriorState: state, PlannedState: b.Null()})
			return resp.NewState, resp.Diagnostics
		}},
		{name: "read without a Read function keeps prior", want: state, call: func() (cty.Value, schema.Diagnostics) {
			resp := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "thing", PriorState: state})
			return resp.NewState, resp.Diagnostics
		}},
		{name: "unknown resource type is an error", wantErr: true, call: func() (cty.Value, schema.Diagnostics) {
			resp := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "nope", PriorState: state})
			return resp.NewState, resp.Diagnostics
		}},
		{name: "import without an Import function is an error", wantErr: true, call: func() (cty.Value, schema.Diagnostics) {
			resp := p.ImportResource(ctx, schema.ImportResourceRequest{TypeName: "thing", ID: "x"})
			return cty.NilVal, resp.Diagnostics
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := tt.call()
			if diags.HasErrors() != tt.wantErr {
				t.Fatalf("diagnostics %v, want error %v", diags, tt.wantErr)
			}
			if !tt.wantErr && !got.RawEquals(tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}
