package plugin_test

import (
	"context"
	"testing"

	"github.com/trueup/trueup/internal/testproviders/build"
	"github.com/trueup/trueup/providers/plugin"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// start returns a configured plugin provider of the test provider typ
// whose objects live in a new directory, closed when t ends.
func start(t *testing.T, typ string) (schema.Provider, string) {
	t.Helper()
	bin := build.Provider(t, typ)
	dir := t.TempDir()
	p := plugin.NewFactory(plugin.Meta{
		Addr: bin.Addr, Version: bin.Version, Executable: bin.Path, SchemaCacheDir: t.TempDir(),
	})()
	t.Cleanup(func() { _ = p.Close() })
	providertest.Configure(t, p, map[string]cty.Value{"dir": cty.StringVal(dir)})
	return p, dir
}

func resourceBlock(t *testing.T, p schema.Provider, typ string) *schema.Block {
	t.Helper()
	r := p.GetSchema(context.Background()).Schema.Resources[typ]
	if r == nil {
		t.Fatalf("no resource type %s", typ)
	}
	return r.Block
}

// create plans and applies a new object, returning it and its private data.
func create(t *testing.T, p schema.Provider, typ string, vals map[string]cty.Value) (cty.Value, []byte, schema.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	block := resourceBlock(t, p, typ)
	cfg := providertest.Config(block, vals)
	prior := cty.NullVal(block.ImpliedType())
	plan := p.PlanResource(ctx, schema.PlanResourceRequest{TypeName: typ, PriorState: prior, Config: cfg,
		ProposedNewState: schema.ProposedNew(block, prior, cfg)})
	if plan.Diagnostics.HasErrors() {
		t.Fatalf("plan %s: %s", typ, plan.Diagnostics.Err())
	}
	resp := p.ApplyResource(ctx, schema.ApplyResourceRequest{TypeName: typ, PriorState: prior,
		PlannedState: plan.PlannedState, Config: cfg, PlannedPrivate: plan.PlannedPrivate})
	return resp.NewState, resp.Private, resp.Diagnostics
}
