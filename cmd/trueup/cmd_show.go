package main

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/version"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

func cmdShow(ctx context.Context, c *cli, args []string) int {
	var jsonOut, noColor bool
	var statePath string
	var backendConfig stringList
	fs := c.newFlags("show")
	fs.Var(&backendConfig, "backend-config", "Backend setting KEY=VALUE or a file of settings (repeatable)")
	fs.BoolVar(&jsonOut, "json", false, "Machine-readable output")
	fs.BoolVar(&noColor, "no-color", false, "Disable colour")
	fs.StringVar(&statePath, "state", "", "Path of the local state file")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() == 1 {
		sealer, err := c.planSealer(nil)
		if err != nil {
			return 1
		}
		p, err := plans.Load(fs.Arg(0), sealer)
		if err != nil {
			return c.errorf("%v", err)
		}
		if jsonOut {
			if err := render.PlanJSON(c.stdout, p, version.Version); err != nil {
				return c.errorf("%v", err)
			}
			return 0
		}
		reg, ok := c.stackProviders(".", "")
		if !ok {
			return 1
		}
		schemas, done := run.Schemas(ctx, reg)
		defer done()
		render.Plan(c.stdout, p, c.colors(noColor), schemas)
		return 0
	}
	st, code := c.readState(ctx, statePath, backendConfig, noColor)
	if st == nil {
		return code
	}
	dec, done, ok := c.stateDecoder(ctx)
	if !ok {
		return 1
	}
	defer done()
	if jsonOut {
		if err := render.StateJSON(c.stdout, st, valueDecoder(dec)); err != nil {
			return c.errorf("%v", err)
		}
		return 0
	}
	switch {
	case st.Empty() && st.Serial == 0:
		// Never written (readState's state.New): no state at all, as
		// Terraform says.
		fmt.Fprintln(c.stdout, "No state.")
		return 0
	case st.Empty():
		fmt.Fprintln(c.stdout, "The state file is empty. No resources are represented.")
		return 0
	}
	if err := render.StateHuman(c.stdout, st, dec); err != nil {
		return c.errorf("%v", err)
	}
	return 0
}

// schemaProviders returns the providers whose schemas a command that
// renders state or the graph needs: the stack's, resolved as plan resolves
// them (stackProviders), so that objects of a plugin render with the
// plugin's schema.
func (c *cli) schemaProviders(dir string) (schema.Registry, bool) {
	return c.stackProviders(dir, "")
}

// stateDecoder returns the decoder of stored objects with the stack's
// provider schemas (schemaProviders), for the commands that render state,
// and its close function; ok is false once what stops it is printed.
func (c *cli) stateDecoder(ctx context.Context) (dec render.ObjectDecoder, done func(), ok bool) {
	reg, ok := c.schemaProviders(".")
	if !ok {
		return nil, nil, false
	}
	dec, done = run.StateDecoder(ctx, reg)
	return dec, done, true
}

// valueDecoder is dec without the schemas, for the JSON state.
func valueDecoder(dec render.ObjectDecoder) func(r *state.Resource, inst *state.Instance) (cty.Value, error) {
	return func(r *state.Resource, inst *state.Instance) (cty.Value, error) {
		v, _, err := dec(r, inst)
		return v, err
	}
}
