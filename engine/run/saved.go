package run

import (
	"context"
	"maps"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
)

// ApplySaved applies a plan saved earlier, with the configuration snapshot
// it carries, refusing it when the stored state changed since ("stale").
func ApplySaved(ctx context.Context, env Env, req Request, p *plans.Plan) *Result {
	res := &Result{Plan: p, Files: map[string]*hcl.File{}}
	env, req = withDefaults(env, req)
	mod, diags := config.LoadSources(p.ConfigDir, p.ConfigSources)
	if mod != nil {
		maps.Copy(res.Files, mod.Files)
	}
	if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
		return res
	}
	req.Operation = "apply"
	withState(ctx, env, req, mod, res, func(b state.Backend, stored *state.State) {
		if err := apply.CheckFresh(p, stored); err != nil {
			res.fail("Saved plan is stale", err)
			return
		}
		res.apply(ctx, env, req, mod, b, stored, p)
	})
	return res
}
