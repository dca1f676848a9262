package testprovider_test

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/testprovider"
	"github.com/trueup/trueup/providers/providertest"
)

// TestConformance holds the test provider to the contract every provider
// passes, so that what the engine's unit tests see is what a real
// provider would do.
func TestConformance(t *testing.T) {
	store := testprovider.NewStore()
	p := providertest.Configure(t, store.Factory()(), map[string]cty.Value{})
	cfg := func(vals map[string]cty.Value) cty.Value {
		return providertest.ResourceConfig(t, p, testprovider.ThingType, vals)
	}
	members := cty.SetVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("m"), "role": cty.NullVal(cty.String)})})
	providertest.Run(t, p, []providertest.Case{{
		Type: testprovider.ThingType,
		Steps: []providertest.Step{
			{Config: cfg(map[string]cty.Value{"name": cty.StringVal("a"), "zone": cty.StringVal("z1"), "member": members})},
			{Config: cfg(map[string]cty.Value{"name": cty.StringVal("a"), "zone": cty.StringVal("z1"), "size": cty.NumberIntVal(2), "member": members})},
			{Config: cfg(map[string]cty.Value{"name": cty.StringVal("a"), "zone": cty.StringVal("z2"), "member": members}), Replace: true},
		},
		Mutate: func(t *testing.T, st cty.Value) {
			store.Delete(st.GetAttr("id").AsString())
		},
		ImportID: func(st cty.Value) string { return st.GetAttr("id").AsString() },
	}})
}
