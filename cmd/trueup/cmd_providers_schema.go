package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/schema"
)

// cmdProvidersSchema prints the schemas of the stack's providers in
// Terraform's `providers schema -json` format. Built-in providers answer
// through GetSchema; plugins will once the plugin client is wired in.
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
		if s.Kind != providerinstall.Builtin {
			return c.errorf("provider %s is a plugin (%s): its schema needs the plugin client, which is being wired in", s.Provider.ForDisplay(), s.Executable)
		}
		resp := reg[s.Provider.Type]().GetSchema(ctx)
		if err := resp.Diagnostics.Err(); err != nil {
			return c.errorf("provider %s: %v", s.Provider.ForDisplay(), err)
		}
		out[s.Provider.String()] = providerSchemaJSON(resp.Schema)
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
	if a.Type == cty.NilType {
		delete(out, "type")
	}
	if a.Description != "" {
		out["description"] = a.Description
	}
	for flag, set := range map[string]bool{"required": a.Required, "optional": a.Optional, "computed": a.Computed, "sensitive": a.Sensitive} {
		if set {
			out[flag] = true
		}
	}
	return out
}
