package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/schema"
)

// cmdProvidersSchema prints the schemas of the stack's providers in
// Terraform's `providers schema -json` format, each from the provider that
// serves it (stackProviders' choice): a built-in's GetSchema, a plugin's
// GetProviderSchema and GetFunctions.
func cmdProvidersSchema(ctx context.Context, c *cli, args []string) int {
	var jsonOut bool
	fs := c.newFlags("providers schema")
	fs.BoolVar(&jsonOut, "json", false, "Print the schemas as JSON (required)")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if !jsonOut {
		return c.errorf("providers schema requires the -json flag")
	}
	_, reqs, ok := c.providerRequirements(false)
	if !ok {
		return 1
	}
	setup, ok := c.newProviderSetup(".", nil, false, false)
	if !ok {
		return 1
	}
	locks, ok := c.loadLocks(".", false)
	if !ok {
		return 1
	}
	sels, err := setup.installer.Resolve(reqs, locks)
	if err != nil {
		return c.errorf("%v", err)
	}
	out := map[string]any{}
	reg := builtinProviders()
	for _, s := range sortedSelections(sels) {
		factory := reg[s.Provider.Type]
		if s.Kind != providerinstall.Builtin {
			factory = pluginFactory(s)
		}
		prov := factory()
		resp := prov.GetSchema(ctx)
		funcs := prov.GetFunctions(ctx)
		_ = prov.Close()
		if err := errors.Join(resp.Diagnostics.Err(), funcs.Diagnostics.Err()); err != nil {
			return c.errorf("provider %s: %v", s.Provider.ForDisplay(), err)
		}
		ps := providerSchemaJSON(resp.Schema)
		if len(funcs.Functions) > 0 {
			ps["functions"] = functionsJSON(funcs.Functions)
		}
		out[schemaAddr(s)] = ps
	}
	data, err := json.Marshal(map[string]any{"format_version": "1.0", "provider_schemas": out})
	if err != nil {
		return c.errorf("%v", err)
	}
	fmt.Fprintln(c.stdout, string(data))
	return 0
}

func providerSchemaJSON(s schema.ProviderSchema) map[string]any {
	resources := func(m map[string]*schema.Resource) map[string]any {
		out := map[string]any{}
		for name, r := range m {
			out[name] = map[string]any{"version": r.Version, "block": blockJSON(r.Block)}
		}
		return out
	}
	ps := map[string]any{"provider": map[string]any{"version": 0, "block": blockJSON(s.Provider)}}
	if len(s.Resources) > 0 {
		ps["resource_schemas"] = resources(s.Resources)
	}
	if len(s.DataSources) > 0 {
		ps["data_source_schemas"] = resources(s.DataSources)
	}
	if len(s.EphemeralResources) > 0 {
		ps["ephemeral_resource_schemas"] = resources(s.EphemeralResources)
	}
	return ps
}

// blockJSON renders a block as Terraform's JSON schema format does.
func blockJSON(b *schema.Block) map[string]any {
	out := map[string]any{"description_kind": "plain"}
	if b == nil {
		return out
	}
	if b.Description != "" {
		out["description"] = b.Description
	}
	if len(b.Attributes) > 0 {
		attrs := map[string]any{}
		for name, a := range b.Attributes {
			attrs[name] = attributeJSON(a)
		}
		out["attributes"] = attrs
	}
	if len(b.BlockTypes) > 0 {
		blocks := map[string]any{}
		for name, nb := range b.BlockTypes {
			nj := map[string]any{"nesting_mode": nb.Nesting.String(), "block": blockJSON(&nb.Block)}
			if nb.MinItems > 0 {
				nj["min_items"] = nb.MinItems
			}
			if nb.MaxItems > 0 {
				nj["max_items"] = nb.MaxItems
			}
			blocks[name] = nj
		}
		out["block_types"] = blocks
	}
	return out
}

func attributeJSON(a *schema.Attribute) map[string]any {
	ty, _ := a.Type.MarshalJSON()
	out := map[string]any{"type": json.RawMessage(ty), "description_kind": "plain"}
	if nested := nestedTypeJSON(a.ConfigType); nested != nil {
		delete(out, "type")
		out["nested_type"] = nested
	}
	if a.Type == cty.NilType {
		delete(out, "type")
	}
	if a.Description != "" {
		out["description"] = a.Description
	}
	for flag, set := range map[string]bool{"required": a.Required, "optional": a.Optional, "computed": a.Computed, "sensitive": a.Sensitive, "write_only": a.WriteOnly} {
		if set {
			out[flag] = true
		}
	}
	return out
}

// schemaAddr is the address Terraform lists a provider's schema under:
// its source address, terraform.io/builtin/terraform for the built-in
// terraform provider.
func schemaAddr(s providerinstall.Selection) string {
	if s.Kind == providerinstall.Builtin && s.Provider.Type == "terraform" {
		return "terraform.io/builtin/terraform"
	}
	return s.Provider.String()
}

// nestedTypeJSON renders a protocol-6 nested attribute (an attribute whose
// ConfigType is an object with optional attributes, or a collection of
// one) as Terraform's nested_type; nil for other attributes. Inner
// attributes are required unless optional: the schema does not keep their
// computed and sensitive flags (docs/provider-plugins.md, Schemas).
func nestedTypeJSON(ty cty.Type) map[string]any {
	mode, obj := "single", ty
	switch {
	case ty == cty.NilType:
		return nil
	case ty.IsListType():
		mode, obj = "list", ty.ElementType()
	case ty.IsSetType():
		mode, obj = "set", ty.ElementType()
	case ty.IsMapType():
		mode, obj = "map", ty.ElementType()
	}
	if !obj.IsObjectType() {
		return nil
	}
	attrs := map[string]any{}
	for name, at := range obj.AttributeTypes() {
		a := &schema.Attribute{Type: at, Required: !obj.AttributeOptional(name), Optional: obj.AttributeOptional(name)}
		if inner := nestedTypeJSON(at); inner != nil && hasOptionalAttrs(at) {
			a.ConfigType = at
		}
		attrs[name] = attributeJSON(a)
	}
	return map[string]any{"attributes": attrs, "nesting_mode": mode}
}

// hasOptionalAttrs reports whether an object type (or a collection of
// one) declares optional attributes, the mark of a nested attribute.
func hasOptionalAttrs(ty cty.Type) bool {
	if ty.IsCollectionType() {
		ty = ty.ElementType()
	}
	return ty.IsObjectType() && len(ty.OptionalAttributes()) > 0
}

// functionsJSON renders provider-defined functions as Terraform's
// providers schema -json lists them.
func functionsJSON(fns map[string]*schema.Function) map[string]any {
	param := func(p *schema.FunctionParam) map[string]any {
		ty, _ := p.Type.MarshalJSON()
		out := map[string]any{"name": p.Name, "type": json.RawMessage(ty)}
		if p.Description != "" {
			out["description"] = p.Description
		}
		if p.AllowNull {
			out["is_nullable"] = true
		}
		return out
	}
	out := map[string]any{}
	for name, f := range fns {
		ret, _ := f.Return.MarshalJSON()
		fj := map[string]any{"return_type": json.RawMessage(ret)}
		if f.Summary != "" {
			fj["summary"] = f.Summary
		}
		if f.Description != "" {
			fj["description"] = f.Description
		}
		if len(f.Parameters) > 0 {
			var ps []any
			for i := range f.Parameters {
				ps = append(ps, param(&f.Parameters[i]))
			}
			fj["parameters"] = ps
		}
		if f.VariadicParameter != nil {
			fj["variadic_parameter"] = param(f.VariadicParameter)
		}
		out[name] = fj
	}
	return out
}
