package main

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/version"
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
		p, err := plans.ReadFile(fs.Arg(0))
		if err != nil {
			return c.errorf("%v", err)
		}
		if jsonOut {
			if err := render.PlanJSON(c.stdout, p, version.Version); err != nil {
				return c.errorf("%v", err)
			}
			return 0
		}
		render.Plan(c.stdout, p, c.colors(noColor))
		return 0
	}
	st, code := c.readState(ctx, statePath, backendConfig, noColor)
	if st == nil {
		return code
	}
	if jsonOut {
		if err := render.StateJSON(c.stdout, st, stateDecoder(ctx)); err != nil {
			return c.errorf("%v", err)
		}
		return 0
	}
	if st.Empty() {
		fmt.Fprintln(c.stdout, "The state file is empty. No resources are represented.")
		return 0
	}
	if err := render.StateHuman(c.stdout, st, stateDecoder(ctx)); err != nil {
		return c.errorf("%v", err)
	}
	return 0
}

// stateDecoder decodes state objects with their provider schemas and
// marks their sensitive attributes.
func stateDecoder(ctx context.Context) func(r *state.Resource, inst *state.Instance) (cty.Value, error) {
	provs := newProviders()
	return func(r *state.Resource, inst *state.Instance) (cty.Value, error) {
		rs, err := provs.ResourceSchema(ctx, eval.ProviderKeyFromState(r.Provider), eval.ResourceAddr(r))
		if err != nil {
			return cty.NilVal, err
		}
		if rs == nil {
			return cty.NilVal, fmt.Errorf("unknown resource type %q", r.Type)
		}
		v, err := eval.DecodeInstance(inst, rs.Block.ImpliedType())
		if err != nil {
			return cty.NilVal, err
		}
		return eval.MarkSchemaSensitive(rs.Block, v), nil
	}
}
