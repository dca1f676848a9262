package plan

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/zclconf/go-cty/cty"
)

// preconditions checks a resource or data instance's preconditions before
// it is planned; self is not available. A condition not known yet is
// checked again at apply.
func (p *planner) preconditions(res *config.Resource, ri addrs.ResourceInstance, each cty.Value) hcl.Diagnostics {
	if len(res.Preconditions) == 0 {
		return nil
	}
	scope := p.ev.InstanceScope(ri.Resource.Module, ri.Key, each)
	_, diags := eval.EvalConditions(eval.ResourcePrecondition, res.Preconditions, scope, cty.NilVal)
	return diags
}

// postconditions checks an instance's postconditions against its planned
// (or read) value, self. Conditions that depend on values known only
// after apply are checked then.
func (p *planner) postconditions(res *config.Resource, ri addrs.ResourceInstance, each, self cty.Value) hcl.Diagnostics {
	if len(res.Postconditions) == 0 {
		return nil
	}
	scope := p.ev.InstanceScope(ri.Resource.Module, ri.Key, each)
	_, diags := eval.EvalConditions(eval.ResourcePostcondition, res.Postconditions, scope, self)
	return diags
}
