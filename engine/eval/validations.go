package eval

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/zclconf/go-cty/cty"
)

// EvalObjectValidations checks the validation rules of variable v in
// module instance mi that name objects other than input variables
// (locals, resources, data sources, module outputs), with the module
// instance's values known now: in plan, planned values, so that a rule
// whose result is unknown is deferred to apply, where it is checked
// again with the final values, as Terraform does. A false rule is the
// error "Invalid value for variable" at its condition. Rules naming only
// variables were checked when the value was set (engine/vars).
func (e *Evaluator) EvalObjectValidations(mi addrs.ModuleInstance, v *config.Variable) (ConditionResult, hcl.Diagnostics) {
	var rules []*config.CheckRule
	for _, r := range v.Validations {
		if !r.RefersOnlyToVariables() {
			rules = append(rules, r)
		}
	}
	if len(rules) == 0 {
		return ConditionResult{Status: CheckPass}, nil
	}
	if val, ok := e.variable(mi, v.Name); !ok || !val.IsWhollyKnown() {
		// The value itself is not known yet: as with rules naming only
		// variables, the check waits for it.
		return ConditionResult{Status: CheckUnknown}, nil
	}
	return EvalConditions(VariableValidation, rules, e.Scope(mi), cty.NilVal)
}
