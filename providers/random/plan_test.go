package random

import (
	"context"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func plan(t *testing.T, p schema.Provider, typ string, prior, cfg cty.Value) schema.PlanResourceResponse {
	t.Helper()
	block := p.GetSchema(context.Background()).Schema.Resources[typ].Block
	if prior == cty.NilVal {
		prior = block.Null()
	}
	resp := p.PlanResource(context.Background(), schema.PlanResourceRequest{TypeName: typ, PriorState: prior,
		ProposedNewState: schema.ProposedNew(block, prior, cfg), Config: cfg})
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	return resp
}

func create(t *testing.T, p schema.Provider, typ string, cfg cty.Value) cty.Value {
	t.Helper()
	block := p.GetSchema(context.Background()).Schema.Resources[typ].Block
	resp := p.ApplyResource(context.Background(), schema.ApplyResourceRequest{TypeName: typ,
		PriorState: block.Null(), PlannedState: plan(t, p, typ, cty.NilVal, cfg).PlannedState, Config: cfg})
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	return resp.NewState
}

func TestPlanResults(t *testing.T) {
	p := New()
	length := func(n int64, extra map[string]cty.Value) cty.Value {
		vals := map[string]cty.Value{"length": cty.NumberIntVal(n)}
		for k, v := range extra {
			vals[k] = v
		}
		return providertest.ResourceConfig(t, p, "random_password", vals)
	}
	prior := create(t, p, "random_password", length(12, nil))

	tests := []struct {
		name        string
		prior       cty.Value
		config      cty.Value
		wantKnown   bool
		wantReplace []string
		check       func(t *testing.T, planned cty.Value)
	}{
		{name: "create plans results unknown and defaults filled", prior: cty.NilVal, config: length(12, nil),
			check: func(t *testing.T, planned cty.Value) {
				if !planned.GetAttr("special").RawEquals(cty.True) || !planned.GetAttr("min_upper").RawEquals(cty.Zero) {
					t.Errorf("defaults not filled: special %#v, min_upper %#v", planned.GetAttr("special"), planned.GetAttr("min_upper"))
				}
			}},
		{name: "unchanged config keeps the prior result", prior: prior, config: length(12, nil), wantKnown: true},
		{name: "changed length replaces with an unknown result", prior: prior, config: length(13, nil),
			wantReplace: []string{"length"}},
		{name: "default set explicitly is no change", prior: prior,
			config: length(12, map[string]cty.Value{"special": cty.True}), wantKnown: true},
		{name: "deprecated number=false sets numeric too and replaces", prior: prior,
			config:      length(12, map[string]cty.Value{"number": cty.False}),
			wantReplace: []string{"number", "numeric"},
			check: func(t *testing.T, planned cty.Value) {
				if !planned.GetAttr("numeric").RawEquals(cty.False) {
					t.Errorf("numeric = %#v, want false like number", planned.GetAttr("numeric"))
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := plan(t, p, "random_password", tt.prior, tt.config)
			for _, name := range []string{"result", "bcrypt_hash", "id"} {
				if known := resp.PlannedState.GetAttr(name).IsKnown(); known != tt.wantKnown {
					t.Errorf("%s known = %v, want %v", name, known, tt.wantKnown)
				}
			}
			if tt.wantKnown && !resp.PlannedState.RawEquals(prior) {
				t.Error("no-op plan is not exactly the prior state")
			}
			var got []string
			for _, path := range resp.RequiresReplace {
				got = append(got, path[0].(cty.GetAttrStep).Name)
			}
			if len(got) != len(tt.wantReplace) || (len(got) > 0 && got[0] != tt.wantReplace[0]) {
				t.Errorf("RequiresReplace = %v, want %v", got, tt.wantReplace)
			}
			if tt.check != nil {
				tt.check(t, resp.PlannedState)
			}
		})
	}
}

func TestDeprecatedNumberFalseLeavesDigitsOut(t *testing.T) {
	p := New()
	cfg := providertest.ResourceConfig(t, p, "random_string", map[string]cty.Value{
		"length": cty.NumberIntVal(64), "number": cty.False, "numeric": cty.True})
	if got := kit.String(create(t, p, "random_string", cfg), "result"); countIn(got, numericChars) != 0 {
		t.Errorf("result %q holds digits though number is false", got)
	}
}

func TestSeededIntegersAgreeAcrossResources(t *testing.T) {
	p := New()
	cfg := providertest.ResourceConfig(t, p, "random_integer", map[string]cty.Value{
		"min": cty.NumberIntVal(0), "max": cty.NumberIntVal(1 << 40), "seed": cty.StringVal("trueup")})
	a, b := create(t, p, "random_integer", cfg), create(t, p, "random_integer", cfg)
	if kit.Int(a, "result") != kit.Int(b, "result") {
		t.Errorf("two resources with the same seed got %d and %d", kit.Int(a, "result"), kit.Int(b, "result"))
	}
}

func TestValidate(t *testing.T) {
	p := New()
	tests := []struct {
		name     string
		typ      string
		vals     map[string]cty.Value
		wantPath string // "" means valid
	}{
		{name: "length below the sum of minimums is an error at length", typ: "random_string",
			vals: map[string]cty.Value{"length": cty.NumberIntVal(3), "min_upper": cty.NumberIntVal(2),
				"min_numeric": cty.NumberIntVal(2)}, wantPath: "length"},
		{name: "zero length is an error at length", typ: "random_password",
			vals: map[string]cty.Value{"length": cty.NumberIntVal(0)}, wantPath: "length"},
		{name: "unknown length is not checked yet", typ: "random_password",
			vals: map[string]cty.Value{"length": cty.UnknownVal(cty.Number), "min_upper": cty.NumberIntVal(2)}},
		{name: "negative minimum is an error at that minimum", typ: "random_string",
			vals: map[string]cty.Value{"length": cty.NumberIntVal(3), "min_special": cty.NumberIntVal(-1)}, wantPath: "min_special"},
		{name: "max below min is an error at max", typ: "random_integer",
			vals: map[string]cty.Value{"min": cty.NumberIntVal(5), "max": cty.NumberIntVal(4)}, wantPath: "max"},
		{name: "fractional min is an error at min", typ: "random_integer",
			vals: map[string]cty.Value{"min": cty.NumberFloatVal(1.5), "max": cty.NumberIntVal(4)}, wantPath: "min"},
		{name: "zero byte_length is an error at byte_length", typ: "random_id",
			vals: map[string]cty.Value{"byte_length": cty.NumberIntVal(0)}, wantPath: "byte_length"},
		{name: "zero-word pet is an error at length", typ: "random_pet",
			vals: map[string]cty.Value{"length": cty.NumberIntVal(0)}, wantPath: "length"},
		{name: "every character class off is an error at numeric", typ: "random_password",
			vals: map[string]cty.Value{"length": cty.NumberIntVal(3), "special": cty.False, "upper": cty.False,
				"lower": cty.False, "numeric": cty.False}, wantPath: "numeric"},
		{name: "every class off through the deprecated number is an error at number", typ: "random_string",
			vals: map[string]cty.Value{"length": cty.NumberIntVal(3), "special": cty.False, "upper": cty.False,
				"lower": cty.False, "number": cty.False}, wantPath: "number"},
		{name: "numeric off with another class left unset is valid", typ: "random_string",
			vals: map[string]cty.Value{"length": cty.NumberIntVal(3), "special": cty.False, "upper": cty.False,
				"numeric": cty.False}},
		{name: "equal min and max is valid", typ: "random_integer",
			vals: map[string]cty.Value{"min": cty.NumberIntVal(4), "max": cty.NumberIntVal(4)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := providertest.ResourceConfig(t, p, tt.typ, tt.vals)
			diags := p.ValidateResource(context.Background(), schema.ValidateResourceRequest{TypeName: tt.typ, Config: cfg}).Diagnostics
			if tt.wantPath == "" {
				if diags.HasErrors() {
					t.Fatalf("unexpected errors: %v", diags.Err())
				}
				return
			}
			if len(diags) != 1 || !diags[0].Attribute.Equals(cty.GetAttrPath(tt.wantPath)) {
				t.Fatalf("got %v, want one error at %s", diags, tt.wantPath)
			}
		})
	}
}

func TestImportRejectsBadIDs(t *testing.T) {
	p := New()
	tests := []struct{ typ, id string }{
		{"random_id", "not base64!"},
		{"random_integer", "5,1"},
		{"random_integer", "50,1,10"},
		{"random_uuid", "not-a-uuid"},
		{"random_string", ""},
		{"random_pet", "witty-otter"},
	}
	for _, tt := range tests {
		t.Run(tt.typ+" refuses "+tt.id, func(t *testing.T) {
			resp := p.ImportResource(context.Background(), schema.ImportResourceRequest{TypeName: tt.typ, ID: tt.id})
			if !resp.Diagnostics.HasErrors() || len(resp.Imported) != 0 {
				t.Fatalf("import %q: %d objects, diagnostics %v; want an error", tt.id, len(resp.Imported), resp.Diagnostics)
			}
		})
	}
}
