package terraform

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func TestConformance(t *testing.T) {
	p := providertest.Configure(t, New(Options{}), nil)
	cfg := func(vals map[string]cty.Value) cty.Value {
		return providertest.ResourceConfig(t, p, "terraform_data", vals)
	}
	obj := cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x"), "n": cty.NumberIntVal(3)})
	providertest.Run(t, p, []providertest.Case{
		{
			Name: "terraform_data output follows input in place, replaced when triggers_replace changes",
			Type: "terraform_data",
			Steps: []providertest.Step{
				{Config: cfg(map[string]cty.Value{"input": obj, "triggers_replace": cty.StringVal("1")}),
					Check: wantOutput(obj)},
				{Config: cfg(map[string]cty.Value{"input": cty.StringVal("y"), "triggers_replace": cty.StringVal("1")}),
					Check: wantOutput(cty.StringVal("y"))},
				{Config: cfg(map[string]cty.Value{"input": cty.StringVal("y"), "triggers_replace": cty.ListVal([]cty.Value{cty.StringVal("2")})}),
					Replace: true, Check: wantOutput(cty.StringVal("y"))},
				{Config: cfg(nil), Replace: true, Check: wantOutput(cty.NullVal(cty.DynamicPseudoType))},
			},
			ImportID:     func(s cty.Value) string { return kit.String(s, "id") },
			ImportIgnore: []string{"input", "output", "triggers_replace"},
			StateOnly:    true,
		},
	})
}

func wantOutput(want cty.Value) func(*testing.T, cty.Value) {
	return func(t *testing.T, s cty.Value) {
		t.Helper()
		if got := s.GetAttr("output"); !got.RawEquals(want) {
			t.Errorf("output = %#v, want %#v", got, want)
		}
		if _, err := uuid.Parse(kit.String(s, "id")); err != nil {
			t.Errorf("id %q is not a UUID: %v", kit.String(s, "id"), err)
		}
	}
}

// TestDataPlan checks the planned values Terraform's terraform_data plans.
func TestDataPlan(t *testing.T) {
	p := New(Options{})
	block := p.GetSchema(context.Background()).Schema.Resources["terraform_data"].Block
	s := cty.StringVal
	dyn := cty.NullVal(cty.DynamicPseudoType)
	state := func(input, trigger cty.Value) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{"id": s("i"), "input": input, "output": input, "triggers_replace": trigger})
	}
	config := func(input, trigger cty.Value) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{"id": cty.NullVal(cty.String), "input": input,
			"output": dyn, "triggers_replace": trigger})
	}
	tests := []struct {
		name        string
		prior       cty.Value
		config      cty.Value
		wantID      cty.Value
		wantOutput  cty.Value
		wantReplace bool
	}{
		{name: "create with input plans output unknown of input's type", prior: block.Null(), config: config(s("a"), dyn),
			wantID: cty.UnknownVal(cty.String), wantOutput: cty.UnknownVal(cty.String)},
		{name: "create without input plans a null output", prior: block.Null(), config: config(dyn, dyn),
			wantID: cty.UnknownVal(cty.String), wantOutput: dyn},
		{name: "unchanged input keeps output and id", prior: state(s("a"), dyn), config: config(s("a"), dyn),
			wantID: s("i"), wantOutput: s("a")},
		{name: "changed input makes output unknown, keeps id", prior: state(s("a"), dyn), config: config(cty.NumberIntVal(1), dyn),
			wantID: s("i"), wantOutput: cty.UnknownVal(cty.Number)},
		{name: "changed trigger replaces", prior: state(s("a"), s("1")), config: config(s("a"), s("2")),
			wantID: cty.UnknownVal(cty.String), wantOutput: cty.UnknownVal(cty.String), wantReplace: true},
		{name: "trigger of another type replaces", prior: state(s("a"), s("1")), config: config(s("a"), cty.NumberIntVal(1)),
			wantID: cty.UnknownVal(cty.String), wantOutput: cty.UnknownVal(cty.String), wantReplace: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := p.PlanResource(context.Background(), schema.PlanResourceRequest{TypeName: "terraform_data",
				PriorState: tt.prior, Config: tt.config, ProposedNewState: schema.ProposedNew(block, tt.prior, tt.config)})
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			if got := resp.PlannedState.GetAttr("id"); !got.RawEquals(tt.wantID) {
				t.Errorf("id = %#v, want %#v", got, tt.wantID)
			}
			if got := resp.PlannedState.GetAttr("output"); !got.RawEquals(tt.wantOutput) {
				t.Errorf("output = %#v, want %#v", got, tt.wantOutput)
			}
			if got := len(resp.RequiresReplace) > 0; got != tt.wantReplace {
				t.Errorf("RequiresReplace = %v, want replace %v", resp.RequiresReplace, tt.wantReplace)
			}
		})
	}
}
