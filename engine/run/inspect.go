package run

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
)

// CheckReferences reports the references of a loaded configuration that
// name nothing, as validate, plan and graph check them before a provider
// starts.
func CheckReferences(cfg *config.Config) hcl.Diagnostics {
	return eval.ValidateReferences(cfg)
}

// Validate checks cfg against the schemas of the providers in reg and
// builds its graph, as `validate` does once the references are checked:
// unknown attributes, wrong types and dependency cycles.
func Validate(ctx context.Context, cfg *config.Config, reg schema.Registry) hcl.Diagnostics {
	provs := eval.NewProviders(reg)
	defer provs.Close()
	diags := append(requiredVersionWarnings(cfg), eval.ValidateConfig(ctx, cfg, provs)...)
	if _, ds := eval.BuildGraph(ctx, cfg, provs); ds.HasErrors() {
		diags = append(diags, ds...)
	}
	return diags
}

// Graph returns cfg's dependency graph as Graphviz DOT, as `graph`
// prints it.
func Graph(ctx context.Context, cfg *config.Config, reg schema.Registry) (string, hcl.Diagnostics) {
	provs := eval.NewProviders(reg)
	defer provs.Close()
	g, diags := eval.BuildGraph(ctx, cfg, provs)
	if diags.HasErrors() {
		return "", diags
	}
	return g.DOT("trueup", func(k string) string { return k }), diags
}

// StateDecoder returns a decoder of state objects for render (show,
// state show): it decodes each with its provider's schema and marks its
// sensitive attributes. A state object names its provider by source
// address; reg serves it under that address, else under the address's
// type name. The caller calls close when done.
func StateDecoder(ctx context.Context, reg schema.Registry) (dec render.ObjectDecoder, close func()) {
	provs := eval.NewProviders(reg)
	return func(r *state.Resource, inst *state.Instance) (cty.Value, *schema.Block, error) {
		name := eval.ProviderName(eval.ProviderKeyFromState(r.Provider))
		if src := eval.ProviderSourceFromState(r.Provider); provs.Known(src) {
			name = src
		}
		ps, err := provs.Schema(ctx, name)
		if err != nil {
			return cty.NilVal, nil, err
		}
		rs := ps.Resources[r.Addr.Type]
		if r.Addr.Mode == addrs.DataResourceMode {
			rs = ps.DataSources[r.Addr.Type]
		}
		if rs == nil {
			return cty.NilVal, nil, fmt.Errorf("unknown resource type %q", r.Addr.Type)
		}
		v, err := eval.DecodeInstance(inst, rs.Block.ImpliedType())
		if err != nil {
			return cty.NilVal, nil, err
		}
		return eval.MarkSchemaSensitive(rs.Block, v), rs.Block, nil
	}, func() { _ = provs.Close() }
}
