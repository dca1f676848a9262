package plan

import (
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/eval"
)

// planChecks evaluates the assertions of every check block in every
// instance of its module, once the walk has planned everything they can
// refer to. Their results are warnings, never errors: a check reports on
// the infrastructure and does not block changes.
func (p *planner) planChecks() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range p.opts.Config.All() {
		for _, name := range slices.Sorted(maps.Keys(c.Module.Checks)) {
			chk := c.Module.Checks[name]
			for _, mi := range p.ev.ModuleInstances(c.Path) {
				_, ds := p.ev.EvalCheck(mi, chk)
				diags = append(diags, ds...)
			}
		}
	}
	return diags
}

// asWarnings turns the errors of a check block (its assertions, its
// scoped data source) into warnings, as Terraform reports them.
func asWarnings(diags hcl.Diagnostics) hcl.Diagnostics {
	for _, d := range diags {
		d.Severity = hcl.DiagWarning
	}
	return eval.MarkCheckDiagnostics(diags)
}
