package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/version"
)

func cmdApply(ctx context.Context, c *cli, args []string) int {
	return c.applyCommand(ctx, "apply", args, plans.NormalMode)
}

func cmdDestroy(ctx context.Context, c *cli, args []string) int {
	return c.applyCommand(ctx, "destroy", args, plans.DestroyMode)
}

func (c *cli) applyCommand(ctx context.Context, name string, args []string, mode plans.Mode) int {
	var o opFlags
	var autoApprove bool
	fs := c.newFlags(name)
	o.register(fs)
	fs.BoolVar(&autoApprove, "auto-approve", false, "Skip the interactive approval")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if fs.NArg() > 1 {
		return c.errorf("%s takes at most one argument, a saved plan file", name)
	}
	if fs.NArg() == 1 {
		if mode == plans.DestroyMode {
			return c.errorf("destroy does not take a plan file: use `trueup plan -destroy -out=FILE` and `trueup apply FILE`")
		}
		return c.applySaved(ctx, &o, fs.Arg(0))
	}
	if o.refreshOnly && mode == plans.NormalMode {
		mode = plans.RefreshOnlyMode
	}
	op, code := c.startOperation(ctx, &o, name)
	if op == nil {
		return code
	}
	defer op.unlock()
	p, ok := c.makePlan(ctx, op, &o, mode)
	if !ok {
		return 1
	}
	if !p.HasChanges() {
		if !o.json {
			fmt.Fprintln(c.stdout, "\nApply complete! Resources: 0 added, 0 changed, 0 destroyed.")
		}
		c.printOutputsAfterApply(op.mod, p, o.json)
		return 0
	}
	if !autoApprove {
		question := "Do you want to perform these actions?"
		if mode == plans.DestroyMode {
			question = "Do you really want to destroy all resources?"
		}
		ok, err := c.confirm(question, "-auto-approve")
		if err != nil {
			return c.errorf("%v", err)
		}
		if !ok {
			fmt.Fprintf(c.stdout, "\n%s cancelled.\n", name)
			return 1
		}
	}
	return c.runApply(ctx, &o, op.mod, p, op)
}

// applySaved applies a plan saved by `trueup plan -out`, refusing it when
// the state changed since.
func (c *cli) applySaved(ctx context.Context, o *opFlags, path string) int {
	p, err := plans.ReadFile(path)
	if err != nil {
		return c.errorf("reading the saved plan: %v", err)
	}
	mod, diags := config.LoadSources(p.ConfigDir, p.ConfigSources)
	if diags.HasErrors() {
		c.printDiags(diags, mod.Files, o.noColor)
		return 1
	}
	b, err := c.backendFor(ctx, mod, o.stateFile, o.backendConfig)
	if err != nil {
		return c.errorf("%v", err)
	}
	unlock, err := c.lockState(ctx, b, "apply", o.lock, o.lockTimeout)
	if err != nil {
		return c.errorf("%v", err)
	}
	defer unlock()
	stored, err := b.Read(ctx)
	if err != nil {
		return c.errorf("reading state from %s: %v", b, err)
	}
	if err := apply.CheckFresh(p, stored); err != nil {
		return c.errorf("%v", err)
	}
	return c.runApply(ctx, o, mod, p, &operation{mod: mod, back: b, stored: stored})
}

func (c *cli) runApply(ctx context.Context, o *opFlags, mod *config.Module, p *plans.Plan, op *operation) int {
	hk := newUIHook(c, o.json, o.noColor)
	res, diags := apply.Apply(ctx, apply.Options{
		Plan: p, Module: mod, Providers: newProviders(), Backend: op.back,
		Parallelism: o.parallelism, Hook: hk, Log: logger(), Version: version.Version,
	})
	c.printDiags(diags, mod.Files, o.noColor)
	if res != nil && !o.json {
		verb := "Apply"
		if p.Mode == plans.DestroyMode {
			verb = "Destroy"
		}
		if diags.HasErrors() {
			fmt.Fprintf(c.stdout, "\n%s failed. Completed: %d added, %d changed, %d destroyed; what completed is recorded in state.\n",
				verb, res.Counts.Add, res.Counts.Change, res.Counts.Destroy)
		} else {
			fmt.Fprintf(c.stdout, "\n%s complete! Resources: %d added, %d changed, %d destroyed.\n",
				verb, res.Counts.Add, res.Counts.Change, res.Counts.Destroy)
		}
	}
	if res != nil && p.Mode != plans.DestroyMode {
		c.printStateOutputs(res.State, o.json)
	}
	if diags.HasErrors() {
		return 1
	}
	return 0
}

func (c *cli) printOutputsAfterApply(mod *config.Module, p *plans.Plan, json bool) {
	if p.PriorState != nil && !json {
		c.printStateOutputs(p.PriorState, json)
	}
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
