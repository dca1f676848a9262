package run

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/version"
)

// Import adopts an existing object into state at address addr, found by
// its provider's import ID, as `terraform import ADDR ID` does: the
// resource block must exist in the configuration, and the address must be
// free in state. The next plan shows how the object differs from its
// configuration.
func Import(ctx context.Context, env Env, req Request, addr, id string) *Result {
	res := &Result{Files: map[string]*hcl.File{}}
	req.Operation = "import"
	env, req = withDefaults(env, req)
	cfg, vals, ok := load(req, res, nil)
	if !ok {
		return res
	}
	ri, diags := addrs.ParseResourceInstance(addr)
	if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
		return res
	}
	var rc *config.Resource
	modCfg := cfg.Descendant(ri.Resource.Module.Module())
	if modCfg != nil {
		rc = modCfg.Module.ResourceByAddr(ri.Resource.Local())
	}
	if rc == nil || ri.Resource.Mode != addrs.ManagedResourceMode {
		return res.fail("Configuration for import target does not exist",
			fmt.Errorf("the configuration declares no resource %s: write its resource block first, then import into it", ri.Resource))
	}
	key, diags := eval.ResourceProviderKey(modCfg, rc)
	if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
		return res
	}
	withState(ctx, env, req, cfg.Module, res, func(b state.Backend, stored *state.State) {
		if stored == nil {
			stored = state.New()
		}
		if r := stored.FindResource(ri.Resource); r != nil && r.Instance(ri.Key, "") != nil {
			res.fail("Resource already managed by trueup", fmt.Errorf("%s is already in state: remove it with `trueup state rm %s` first to import another object there", ri, ri))
			return
		}
		provs := eval.NewProviders(env.Providers)
		defer provs.Close()
		ev := eval.NewEvaluator(cfg, eval.MarkVariables(cfg.Module, vals), false)
		ev.Workspace = req.Workspace
		if diags := eval.ConfigureProviders(ctx, ev, provs, []string{key}); diags.HasErrors() {
			res.Diagnostics = append(res.Diagnostics, diags...)
			return
		}
		rs, err := provs.ResourceSchema(ctx, key, ri.Resource)
		if err != nil || rs == nil {
			res.fail("Invalid resource type", fmt.Errorf("provider %q has no resource type %q", key, ri.Resource.Type))
			return
		}
		obj, private, ds := plan.ImportObject(ctx, provs.Get(key), rs, ri, id)
		if ds.HasErrors() {
			for _, d := range ds {
				res.Diagnostics = append(res.Diagnostics, eval.ProviderDiag(d, rc.DeclRange.Ptr(), ri.String()))
			}
			return
		}
		inst := &state.Instance{Key: ri.Key, SchemaVersion: rs.Version, Private: private}
		if err := eval.EncodeInstance(inst, eval.MarkSchemaSensitive(rs.Block, obj), rs.Block.ImpliedType()); err != nil {
			res.fail("Failed to record the imported object", err)
			return
		}
		stored.SetInstance(ri.Resource, eval.StateProviderIn(cfg, key), inst)
		stored.Serial++
		stored.TrueupVersion = version.Version
		if err := b.Write(ctx, stored); err != nil {
			res.fail("Failed to save state", err)
			return
		}
		res.State = stored
	})
	return res
}
