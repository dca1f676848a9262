package apply

import (
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
	"github.com/zclconf/go-cty/cty"
)

// preconditions checks an instance's preconditions again with the values
// known now: those unknown at plan are decided here.
func (x *executor) preconditions(res *config.Resource, rc *plans.ResourceChange, each cty.Value) hcl.Diagnostics {
	if len(res.Preconditions) == 0 {
		return nil
	}
	scope := x.ev.InstanceScope(rc.Addr.Resource.Module, rc.Addr.Key, each)
	_, diags := eval.EvalConditions(eval.ResourcePrecondition, res.Preconditions, scope, cty.NilVal)
	return scoped(res, diags)
}

// postconditions checks an instance's postconditions against the object
// just applied or read, self. The object is recorded either way, as
// Terraform does: a failure stops its dependents, and the next plan
// checks it again.
func (x *executor) postconditions(res *config.Resource, rc *plans.ResourceChange, each, self cty.Value) hcl.Diagnostics {
	if len(res.Postconditions) == 0 {
		return nil
	}
	scope := x.ev.InstanceScope(rc.Addr.Resource.Module, rc.Addr.Key, each)
	_, diags := eval.EvalConditions(eval.ResourcePostcondition, res.Postconditions, scope, self)
	return scoped(res, diags)
}

// applyChecks evaluates every check block's assertions with the applied
// values, in every instance of its module: warnings only.
func (x *executor) applyChecks() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range x.opts.Config.All() {
		for _, name := range slices.Sorted(maps.Keys(c.Module.Checks)) {
			chk := c.Module.Checks[name]
			for _, mi := range x.ev.ModuleInstances(c.Path) {
				_, ds := x.ev.EvalCheck(mi, chk)
				diags = append(diags, ds...)
			}
		}
	}
	return diags
}

// scoped turns the errors of a check block's scoped data source into
// warnings; other blocks' diagnostics pass unchanged.
func scoped(res *config.Resource, diags hcl.Diagnostics) hcl.Diagnostics {
	if res.Container == nil {
		return diags
	}
	return warnings(diags)
}

func warnings(diags hcl.Diagnostics) hcl.Diagnostics {
	for _, d := range diags {
		d.Severity = hcl.DiagWarning
	}
	return diags
}
