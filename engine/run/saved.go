package run

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
)

// ApplySaved applies a plan saved earlier, with the configuration snapshot
// it carries, refusing it when the stored state changed since ("stale").
func ApplySaved(ctx context.Context, env Env, req Request, p *plans.Plan) *Result {
	res := &Result{Plan: p, Files: map[string]*hcl.File{}}
	env, req = withDefaults(env, req)
	if err := checkWorkspace(p, req); err != nil {
		res.fail("Saved plan is for a different workspace", err)
		return res
	}
	cfg, diags := LoadSnapshot(p)
	if cfg != nil {
		maps.Copy(res.Files, cfg.Files())
	}
	if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
		return res
	}
	if diags := savedPlanVariables(p, cfg.Module, req); len(diags) > 0 {
		if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
			return res
		}
	}
	req.Operation = "apply"
	withState(ctx, env, req, cfg.Module, res, func(b state.Backend, stored *state.State) {
		if err := apply.CheckFresh(p, stored); err != nil {
			res.fail("Saved plan is stale", err)
			return
		}
		provs := eval.NewProviders(env.Providers)
		defer provs.Close()
		res.apply(ctx, env, req, cfg, provs, b, stored, p, nil)
	})
	return res
}

// checkWorkspace refuses a plan made in another workspace than the
// selected one: its state and terraform.workspace are the other's.
func checkWorkspace(p *plans.Plan, req Request) error {
	planned, current := orDefault(p.Workspace), orDefault(req.Workspace)
	if planned == current {
		return nil
	}
	return fmt.Errorf("The plan file describes changes to the %q workspace, but the %q workspace is currently in use.\n\n"+
		"Applying this plan with the incorrect workspace selected could result in state being stored in an unexpected location, "+
		"or a downstream error when trueup attempts to apply a plan using the other workspace's state.\n\n"+
		"If you'd like to continue to use the plan file, you must run the `trueup workspace select %s` command to select the matching workspace.",
		planned, current, planned)
}

func orDefault(workspace string) string {
	if workspace == "" {
		return state.DefaultWorkspace
	}
	return workspace
}
