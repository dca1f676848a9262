package main

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
)

func cmdApply(ctx context.Context, c *cli, args []string) int {
	return c.applyCommand(ctx, "apply", args, plans.NormalMode)
}

func cmdDestroy(ctx context.Context, c *cli, args []string) int {
	return c.applyCommand(ctx, "destroy", args, plans.DestroyMode)
}

func (c *cli) applyCommand(ctx context.Context, name string, args []string, mode plans.Mode) int {
	var o opFlags
	var src srcFlags
	var autoApprove, destroy bool
	fs := c.newFlags(name)
	o.register(fs)
	src.register(fs)
	fs.BoolVar(&autoApprove, "auto-approve", false, "Skip the interactive approval")
	if mode == plans.NormalMode {
		fs.BoolVar(&destroy, "destroy", false, "Destroy everything in state, as `trueup destroy` does")
	}
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() > 1 {
		return c.errorf("%s takes at most one argument, a saved plan file", name)
	}
	if fs.NArg() == 1 {
		if mode == plans.DestroyMode {
			return c.errorf("destroy does not take a plan file: use `trueup plan -destroy -out=FILE` and `trueup apply FILE`")
		}
		if destroy || o.refreshOnly {
			// Terraform ignores them here, so that `apply -destroy FILE`
			// of a plan that creates creates: the plan decides alone.
			return c.errorf("-destroy and -refresh-only choose how a plan is made, and a saved plan is already made: apply FILE alone, or make the plan with `trueup plan -destroy -out=FILE`")
		}
		sealer, err := c.planSealer(o.vars)
		if err != nil {
			return 1
		}
		p, err := plans.Load(fs.Arg(0), sealer)
		if err != nil {
			return c.errorf("reading the saved plan: %v", err)
		}
		reg, ok := c.stackProviders(".", "")
		if !ok {
			return 1
		}
		req := c.runRequest(&o, p.Mode, "apply")
		// finishApply reads none of the plan's values, nor its configuration.
		req.Drop = run.DropPlanValues | run.DropConfig
		res := run.ApplySaved(ctx, c.runEnv(&o, reg), req, p)
		return c.finishApply(res, &o, name)
	}
	mode, ok := c.planMode(mode, destroy, o.refreshOnly)
	if !ok {
		return 1
	}
	// An auto-approved apply writes the plan's text while its first calls
	// go out (overlapText); a question waits for the text.
	var text *overlapText
	approve := func(p *plans.Plan) (bool, error) {
		if text != nil {
			text.start(p)
			return true, nil
		}
		c.showPlanStream(p, &o)
		if autoApprove {
			return true, nil
		}
		if !o.input {
			return false, fmt.Errorf("%s needs approval and -input=false forbids asking: run with -auto-approve", name)
		}
		question := "Do you want to perform these actions?"
		if mode == plans.DestroyMode {
			question = "Do you really want to destroy all resources?"
		}
		return c.confirm(question, "-auto-approve")
	}
	st, req, env, code := c.stackRequest(ctx, &src, &o, mode, name)
	if code != 0 {
		return code
	}
	defer st.cleanup()
	// Only a plan without changes is shown after the run, and run keeps
	// its values (it has no changes to apply); finishApply reads none.
	req.Drop = run.DropPlanValues | run.DropConfig
	// The plan is not saved; only its JSON shows the relevant attributes.
	if !o.json {
		req.Drop |= run.DropRelevantAttributes
	}
	if autoApprove && !o.json {
		text = c.newOverlapText(&req, &o)
	}
	res := run.PlanAndApply(ctx, env, req, approve)
	text.wait()
	if res.Plan != nil && !res.Plan.HasChanges() && !res.Diagnostics.HasErrors() {
		c.showPlanStream(res.Plan, &o)
		if !o.json {
			fmt.Fprintln(c.stdout, "\n"+completeLine(name, plans.Counts{}))
			if res.Plan.PriorState != nil {
				c.printStateOutputs(res.Plan.PriorState, o.json)
			}
		}
		return 0
	}
	return c.finishApply(res, &o, name)
}

// completeLine is the line that ends a successful apply or destroy, as
// Terraform words it by command (not by plan mode: `apply -destroy` and
// the apply of a saved destroy plan say "Apply complete!").
func completeLine(command string, counts plans.Counts) string {
	if command == "destroy" {
		return fmt.Sprintf("Destroy complete! Resources: %d destroyed.", counts.Destroy)
	}
	return fmt.Sprintf("Apply complete! Resources: %s.", counts.ApplySummary())
}

// finishApply prints the diagnostics, summary and outputs of command (apply
// or destroy).
func (c *cli) finishApply(res *run.Result, o *opFlags, command string) int {
	verb := "Apply"
	if command == "destroy" {
		verb = "Destroy"
	}
	c.printRunDiags(res.Diagnostics, res.Files, o)
	if res.Cancelled {
		fmt.Fprintf(c.stdout, "\n%s cancelled.\n", verb)
	}
	if !res.Applied {
		return 1
	}
	if !o.json {
		switch {
		case res.SaveErr != nil:
			fmt.Fprintf(c.stdout, "\n%s failed. Completed: %s; the backend refused the state, so it is in %s.\n",
				verb, res.Counts.ApplySummary(), run.ErroredStateFile)
		case res.Diagnostics.HasErrors():
			fmt.Fprintf(c.stdout, "\n%s failed. Completed: %s; what completed is recorded in state.\n",
				verb, res.Counts.ApplySummary())
		default:
			fmt.Fprintln(c.stdout, "\n"+completeLine(command, res.Counts))
		}
		if res.Plan.Mode != plans.DestroyMode {
			c.printStateOutputs(res.State, o.json)
		}
	}
	if res.Diagnostics.HasErrors() {
		return 1
	}
	return 0
}
