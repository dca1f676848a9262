package vars

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trueup/trueup/engine/config"
)

// sensitiveMark is the engine's sensitive mark (lang.Sensitive, which this
// package may not import). A sensitive variable is marked while its rules
// run so that an error_message cannot reveal it.
const sensitiveMark = "sensitive"

// validate runs v's validation rules against val with funcs and the
// module's input variables in scope: var.<name> is val, and, as in
// Terraform 1.9 and later, a rule may also refer to the module's other
// variables, whose values others holds (sensitive ones marked). Rules
// that name other objects are not checked here: the evaluator checks them
// once those objects are known (eval's validation nodes).
func validate(v *config.Variable, val cty.Value, others map[string]cty.Value, funcs map[string]function.Function) hcl.Diagnostics {
	if len(v.Validations) == 0 {
		return nil
	}
	if v.Sensitive {
		val = val.Mark(sensitiveMark)
	}
	scope := make(map[string]cty.Value, len(others)+1)
	for name, o := range others {
		scope[name] = o
	}
	scope[v.Name] = val
	evalCtx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(scope)},
		Functions: funcs,
	}
	var diags hcl.Diagnostics
	for _, rule := range v.Validations {
		if !rule.RefersOnlyToVariables() {
			continue
		}
		diags = append(diags, checkRule(v, rule, evalCtx)...)
	}
	return diags
}

func checkRule(v *config.Variable, rule *config.CheckRule, evalCtx *hcl.EvalContext) hcl.Diagnostics {
	result, diags := rule.Condition.Value(evalCtx)
	if diags.HasErrors() {
		return diags
	}
	result, _ = result.Unmark()
	if !result.IsKnown() {
		return diags
	}
	result, err := convert.Convert(result, cty.Bool)
	if err != nil || result.IsNull() {
		return append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid variable validation result",
			Detail:   "The validation condition must be true or false.",
			Subject:  rule.Condition.Range().Ptr(),
		})
	}
	if result.True() {
		return diags
	}
	msg, msgDiags := errorMessage(rule, evalCtx)
	diags = append(diags, msgDiags...)
	return append(diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid value for variable",
		Detail:   fmt.Sprintf("%s\n\nThis was checked by the validation rule at %s.", msg, rule.DeclRange),
		Subject:  rule.Condition.Range().Ptr(),
	})
}

// errorMessage evaluates a rule's error_message. A message derived from a
// sensitive value is not shown.
func errorMessage(rule *config.CheckRule, evalCtx *hcl.EvalContext) (string, hcl.Diagnostics) {
	val, diags := rule.ErrorMessage.Value(evalCtx)
	if diags.HasErrors() {
		return "The validation rule's error message could not be evaluated.", diags
	}
	val, marks := val.UnmarkDeep()
	if _, sensitive := marks[sensitiveMark]; sensitive {
		return "The error message included a sensitive value, so it will not be displayed.", diags
	}
	if !val.IsWhollyKnown() {
		return "The error message could not be determined.", diags
	}
	str, err := convert.Convert(val, cty.String)
	if err != nil || str.IsNull() {
		return "The validation rule's error message is not a string.", append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid error message",
			Detail:   "The error_message of a validation rule must be a string.",
			Subject:  rule.ErrorMessage.Range().Ptr(),
		})
	}
	return str.AsString(), diags
}
