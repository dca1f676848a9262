package main

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

func cmdOutput(ctx context.Context, c *cli, args []string) int {
	var jsonOut, raw, noColor bool
	var statePath string
	var backendConfig stringList
	fs := c.newFlags("output")
	fs.Var(&backendConfig, "backend-config", "Backend setting KEY=VALUE or a file of settings (repeatable)")
	fs.BoolVar(&jsonOut, "json", false, "Print outputs as JSON (including sensitive values)")
	fs.BoolVar(&raw, "raw", false, "Print a single string, number or bool output as is")
	fs.BoolVar(&noColor, "no-color", false, "Disable colour")
	fs.StringVar(&statePath, "state", "", "Path of the local state file")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	st, code := c.readState(ctx, statePath, backendConfig, noColor)
	if st == nil {
		return code
	}
	outs := st.Outputs
	if fs.NArg() == 1 {
		name := fs.Arg(0)
		o, ok := outs[name]
		if !ok {
			return c.errorDiag(noColor, fmt.Sprintf("Output %q not found", name),
				"The output variable requested could not be found in the state file. If you recently added this to your configuration, be sure to run `trueup apply`, since the state won't be updated with new output variables until that command is run.")
		}
		switch {
		case raw:
			v := o.Value
			if !v.Type().IsPrimitiveType() && !(v.IsNull() && v.Type() == cty.DynamicPseudoType) {
				return c.errorDiag(noColor, "Unsupported value for raw output", fmt.Sprintf(
					"The -raw option only supports strings, numbers, and boolean values, but output value %q is %s.\n\nUse the -json option for machine-readable representations of output values that have complex types.",
					name, v.Type().FriendlyName()))
			}
			if v.IsNull() {
				return c.errorDiag(noColor, "Unsupported value for raw output",
					fmt.Sprintf("The value for output value %q is null, so -raw mode cannot print it.", name))
			}
			s, err := convertToString(v)
			if err != nil {
				return c.errorf("%v", err)
			}
			fmt.Fprint(c.stdout, s)
		case jsonOut:
			single := map[string]*state.Output{name: o}
			return c.jsonOutputValue(single, name)
		default:
			// As Terraform does: an output asked for by name is printed,
			// sensitive or not; only the listing of all outputs (and plan
			// and apply) redacts it.
			fmt.Fprintln(c.stdout, render.OutputValue(o.Value))
		}
		return 0
	}
	if jsonOut {
		if err := render.OutputsJSON(c.stdout, outs); err != nil {
			return c.errorf("%v", err)
		}
		return 0
	}
	if len(outs) == 0 {
		fmt.Fprintln(c.stderr, "Warning: No outputs found.")
		return 0
	}
	render.Outputs(c.stdout, outs)
	return 0
}

func (c *cli) jsonOutputValue(outs map[string]*state.Output, name string) int {
	v := outs[name].Value
	b, err := ctyJSON(v)
	if err != nil {
		return c.errorf("%v", err)
	}
	fmt.Fprintln(c.stdout, string(b))
	return 0
}

// printStateOutputs prints the outputs after apply.
func (c *cli) printStateOutputs(st *state.State, jsonOut bool) {
	if jsonOut || st == nil || len(st.Outputs) == 0 {
		return
	}
	fmt.Fprint(c.stdout, "\nOutputs:\n\n")
	render.Outputs(c.stdout, st.Outputs)
}

// readState reads the stack's state without locking it.
func (c *cli) readState(ctx context.Context, statePath string, backendConfig []string, noColor bool) (*state.State, int) {
	mod := c.loadConfigQuiet()
	b, err := c.backendFor(ctx, mod, statePath, backendConfig, nil)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	st, err := b.Read(ctx)
	if err != nil {
		return nil, c.errorf("reading state from %s: %v", b, err)
	}
	if st == nil {
		st = state.New()
	}
	return st, 0
}

func convertToString(v cty.Value) (string, error) {
	switch v.Type() {
	case cty.String:
		return v.AsString(), nil
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), nil
	case cty.Bool:
		if v.True() {
			return "true", nil
		}
		return "false", nil
	}
	return "", fmt.Errorf("unsupported type %s", v.Type().FriendlyName())
}
