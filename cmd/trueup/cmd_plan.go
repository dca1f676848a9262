package main

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/version"
	"github.com/zclconf/go-cty/cty"
)

func cmdPlan(ctx context.Context, c *cli, args []string) int {
	var o opFlags
	var out string
	var detailed, destroy bool
	fs := c.newFlags("plan")
	o.register(fs)
	fs.StringVar(&out, "out", "", "Save the plan to this file, for `trueup apply FILE`")
	fs.BoolVar(&detailed, "detailed-exitcode", false, "Exit 0 when nothing changes, 2 when something does, 1 on error")
	fs.BoolVar(&destroy, "destroy", false, "Plan the destruction of everything in state")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	mode := plans.NormalMode
	switch {
	case destroy:
		mode = plans.DestroyMode
	case o.refreshOnly:
		mode = plans.RefreshOnlyMode
	}
	op, code := c.startOperation(ctx, &o, "plan")
	if op == nil {
		return code
	}
	defer op.unlock()
	p, ok := c.makePlan(ctx, op, &o, mode)
	if !ok {
		return 1
	}
	if out != "" {
		if err := plans.WriteFile(out, p); err != nil {
			return c.errorf("saving the plan: %v", err)
		}
		if !o.json {
			fmt.Fprintf(c.stdout, "\nSaved the plan to: %s\n\nTo perform exactly these actions, run:\n  trueup apply %q\n", out, out)
		}
	}
	if detailed && p.HasChanges() {
		return 2
	}
	return 0
}

// operation is what plan, apply and destroy share: the configuration, the
// variables, the backend (locked) and the stored state.
type operation struct {
	mod    *config.Module
	vars   map[string]cty.Value
	back   state.Backend
	stored *state.State
	unlock func()
}

// startOperation loads configuration and variables, locks state and reads
// it. It returns nil and the exit code on failure.
func (c *cli) startOperation(ctx context.Context, o *opFlags, operationName string) (*operation, int) {
	mod := c.loadConfig(o.noColor)
	if mod == nil {
		return nil, 1
	}
	vals, ok := c.variables(mod, o.vars, o.noColor)
	if !ok {
		return nil, 1
	}
	b, err := c.backendFor(ctx, mod, o.stateFile, o.backendConfig)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	unlock, err := c.lockState(ctx, b, operationName, o.lock, o.lockTimeout)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	stored, err := b.Read(ctx)
	if err != nil {
		unlock()
		return nil, c.errorf("reading state from %s: %v", b, err)
	}
	return &operation{mod: mod, vars: vals, back: b, stored: stored, unlock: unlock}, 0
}

// makePlan plans and prints the plan (human or JSON).
func (c *cli) makePlan(ctx context.Context, op *operation, o *opFlags, mode plans.Mode) (*plans.Plan, bool) {
	targets, replace, diags := parseTargets(o.targets, o.replace)
	if diags.HasErrors() {
		c.printDiags(diags, nil, o.noColor)
		return nil, false
	}
	hk := newUIHook(c, o.json, o.noColor)
	p, diags := plan.Plan(ctx, plan.Options{
		Module: op.mod, Vars: op.vars, State: op.stored, Providers: newProviders(),
		Mode: mode, Targets: targets, Replace: replace, SkipRefresh: !o.refresh,
		Parallelism: o.parallelism, Hook: hk, Log: logger(),
	})
	c.printDiags(diags, op.mod.Files, o.noColor)
	if diags.HasErrors() {
		return nil, false
	}
	if o.json {
		if err := render.PlanJSON(c.stdout, p, version.Version); err != nil {
			return nil, c.errorf("%v", err) == 0
		}
	} else {
		fmt.Fprintln(c.stdout)
		render.Plan(c.stdout, p, c.colors(o.noColor))
	}
	return p, true
}
