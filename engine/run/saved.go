package run

import (
	"context"
	"maps"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
)

// ApplySaved applies a plan saved earlier, with the configuration snapshot
// it carries, refusing it when the stored state changed since ("stale").
func ApplySaved(ctx context.Context, env Env, req Request, p *plans.Plan) *Result {
	res := &Result{Plan: p, Files: map[string]*hcl.File{}}
	env, req = withDefaults(env, req)
	cfg, diags := LoadSnapshot(p)
	if cfg != nil {
		maps.Copy(res.Files, cfg.Files())
	}
	if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
		return res
	}
	req.Operation = "apply"
	withState(ctx, env, req, cfg.Module, res, func(b state.Backend, stored *state.State) {
		if err := apply.CheckFresh(p, stored); err != nil {
			res.fail("Saved plan is stale", err)
			return
		}
		res.apply(ctx, env, req, cfg, b, stored, p)
	})
	return res
}
