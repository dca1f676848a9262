package providertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Config builds a configuration value of block's implied type from vals:
// each value is converted to its attribute's type (so cty.ObjectVal works
// for a map(string) attribute), attributes not in vals are null, and nested
// blocks not in vals are absent (empty for list, set and map nesting, null
// for single nesting), as the engine would evaluate them. It panics when a
// name is not in the schema or a value cannot be converted: a test bug.
func Config(block *schema.Block, vals map[string]cty.Value) cty.Value {
	attrs := make(map[string]cty.Value, len(block.Attributes)+len(block.BlockTypes))
	for name, v := range vals {
		var ty cty.Type
		if a, ok := block.Attributes[name]; ok {
			ty = a.Type
		} else if nb, ok := block.BlockTypes[name]; ok {
			ty = nb.ImpliedType()
		} else {
			panic(fmt.Sprintf("providertest.Config: the schema has no attribute or block %q", name))
		}
		cv, err := convert.Convert(v, ty)
		if err != nil {
			panic(fmt.Sprintf("providertest.Config: attribute %q: %s", name, err))
		}
		attrs[name] = cv
	}
	for name, a := range block.Attributes {
		if _, ok := attrs[name]; !ok {
			attrs[name] = cty.NullVal(a.Type)
		}
	}
	for name, nb := range block.BlockTypes {
		if _, ok := attrs[name]; !ok {
			attrs[name] = kit.EmptyBlock(nb)
		}
	}
	return cty.ObjectVal(attrs)
}

// Configure validates (ValidateProviderConfig) and configures p with a
// provider block built by Config from vals, as the engine does, and
// returns p, failing the test on error diagnostics.
func Configure(t testing.TB, p schema.Provider, vals map[string]cty.Value) schema.Provider {
	t.Helper()
	ctx := context.Background()
	resp := p.GetSchema(ctx)
	if resp.Diagnostics.HasErrors() {
		t.Fatalf("GetSchema: %s", resp.Diagnostics.Err())
	}
	block := resp.Schema.Provider
	if block == nil {
		block = &schema.Block{}
	}
	cfg := Config(block, vals)
	if vresp := p.ValidateProviderConfig(ctx, schema.ValidateProviderConfigRequest{Config: cfg}); vresp.Diagnostics.HasErrors() {
		t.Fatalf("ValidateProviderConfig: %s", vresp.Diagnostics.Err())
	}
	cresp := p.Configure(ctx, schema.ConfigureRequest{Config: cfg})
	if cresp.Diagnostics.HasErrors() {
		t.Fatalf("Configure: %s", cresp.Diagnostics.Err())
	}
	return p
}

// ResourceConfig builds a configuration for resource type typeName of p with
// Config, failing the test when p has no such resource type.
func ResourceConfig(t testing.TB, p schema.Provider, typeName string, vals map[string]cty.Value) cty.Value {
	t.Helper()
	resp := p.GetSchema(context.Background())
	r, ok := resp.Schema.Resources[typeName]
	if !ok {
		t.Fatalf("provider has no resource type %q", typeName)
	}
	return Config(r.Block, vals)
}

// complete adds to the configuration v what block declares and v lacks
// (null attributes, empty blocks): a case written against a type's own
// block gets the blocks the provider adds to it, such as timeouts.
func complete(block *schema.Block, v cty.Value) cty.Value {
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() {
		return v
	}
	attrs := v.AsValueMap()
	if attrs == nil {
		attrs = map[string]cty.Value{}
	}
	n := len(attrs)
	for name, a := range block.Attributes {
		if _, ok := attrs[name]; !ok {
			attrs[name] = cty.NullVal(a.Type)
		}
	}
	for name, nb := range block.BlockTypes {
		if _, ok := attrs[name]; !ok {
			attrs[name] = kit.EmptyBlock(nb)
		}
	}
	if len(attrs) == n {
		return v
	}
	return cty.ObjectVal(attrs)
}
