package run

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/version"
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
	b, err := env.OpenBackend(ctx, req.Dir, mod)
	if err != nil {
		return res.fail("Failed to open the state backend", err)
	}
	unlock, err := Lock(ctx, b, "apply", !req.NoLock, req.LockTimeout, env.Log)
	if err != nil {
		return res.fail("Failed to lock the state", err)
	}
	defer func() {
		if err := unlock(); err != nil {
			res.fail("Failed to release the state lock", err)
		}
	}()
	stored, err := b.Read(ctx)
	if err != nil {
		return res.fail("Failed to read the state", fmt.Errorf("%s: %w", b, err))
	}
	if err := apply.CheckFresh(p, stored); err != nil {
		return res.fail("Saved plan is stale", err)
	}
	ar, diags := apply.Apply(ctx, apply.Options{
		Plan: p, Module: mod, Providers: eval.NewProviders(env.Providers), Backend: b,
		Parallelism: req.Parallelism, Hook: req.Hook, Log: env.Log, Version: version.Version,
	})
	res.Diagnostics = append(res.Diagnostics, diags...)
	if ar != nil {
		res.Applied, res.State, res.Counts = true, ar.State, ar.Counts
	}
	return res
}
