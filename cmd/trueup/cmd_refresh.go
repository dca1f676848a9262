package main

import (
	"context"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
)

// cmdRefresh is `trueup refresh`, Terraform's deprecated alias of `apply
// -refresh-only -auto-approve` that scripts still call: it reads every
// object, records what it found in state without asking, and prints the
// outputs; no plan is shown. As in Terraform, it runs without
// configuration files too, and an empty state is a warning.
func cmdRefresh(ctx context.Context, c *cli, args []string) int {
	var o opFlags
	var src srcFlags
	fs := c.newFlags("refresh")
	o.register(fs)
	src.register(fs)
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() > 0 {
		return c.errorf("refresh takes no arguments")
	}
	st, req, env, code := c.stackRequest(ctx, &src, &o, plans.RefreshOnlyMode, "refresh")
	if code != 0 {
		return code
	}
	defer st.cleanup()
	req.NoConfigOK = true
	req.Drop = run.DropPlanValues | run.DropConfig | run.DropRelevantAttributes
	res := run.PlanAndApply(ctx, env, req, nil)
	diags := res.Diagnostics
	if res.Plan != nil && res.Plan.PriorState != nil && !hasObjects(res.Plan.PriorState) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Empty or non-existent state",
			Detail: "There are currently no remote objects tracked in the state, so there is nothing to refresh."})
	}
	c.printRunDiags(diags, res.Files, &o)
	if !res.Applied || res.Diagnostics.HasErrors() {
		return 1
	}
	c.printStateOutputs(res.State, o.json)
	return 0
}
