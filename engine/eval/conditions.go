package eval

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// ConditionKind says what a custom condition belongs to; it decides the
// wording of its diagnostics and whether a failure is an error or, for
// a check block's assertion, a warning.
type ConditionKind int

const (
	// ResourcePrecondition is a precondition of a resource or data block.
	ResourcePrecondition ConditionKind = iota
	// ResourcePostcondition is a postcondition of a resource or data block.
	ResourcePostcondition
	// OutputPrecondition is a precondition of an output block.
	OutputPrecondition
	// CheckAssertion is an assert block of a check block.
	CheckAssertion
	// VariableValidation is a validation block of an input variable
	// whose rule names objects other than input variables.
	VariableValidation
)

// String describes the kind as Terraform's diagnostics do.
func (k ConditionKind) String() string {
	switch k {
	case ResourcePostcondition:
		return "Resource postcondition"
	case OutputPrecondition:
		return "Module output value precondition"
	case CheckAssertion:
		return "Check block assertion"
	case VariableValidation:
		return "Variable validation"
	}
	return "Resource precondition"
}

// failure returns the summary and detail of a failed condition of kind k
// whose error message is msg.
func (k ConditionKind) failure(rule *config.CheckRule, msg string) (string, string) {
	if k == VariableValidation {
		return "Invalid value for variable", fmt.Sprintf("%s\n\nThis was checked by the validation rule at %s.", msg, rule.DeclRange)
	}
	return k.String() + " failed", msg
}

// CheckStatus is the outcome of a condition, or of all of an object's
// conditions, as Terraform records it in state's check_results.
type CheckStatus string

// The statuses of a condition.
const (
	CheckPass    CheckStatus = "pass"
	CheckFail    CheckStatus = "fail"
	CheckError   CheckStatus = "error"
	CheckUnknown CheckStatus = "unknown"
)

// combine returns the status of an object given the status so far and
// one more condition's: an error beats a failure, which beats unknown.
func (s CheckStatus) combine(o CheckStatus) CheckStatus {
	rank := map[CheckStatus]int{CheckPass: 0, CheckUnknown: 1, CheckFail: 2, CheckError: 3}
	if rank[o] > rank[s] {
		return o
	}
	return s
}

// invalidMessageDetail is Terraform's detail for a failed condition whose
// error_message cannot be shown.
const invalidMessageDetail = "This check failed, but has an invalid error message as described in the other accompanying messages."

// ConditionResult is the outcome of an object's conditions: the combined
// status, and the error messages of those that failed.
type ConditionResult struct {
	Status          CheckStatus
	FailureMessages []string
}

// EvalConditions evaluates rules in scope, with self standing for the
// object a postcondition checks (cty.NilVal elsewhere). A condition whose
// result is unknown is deferred: it passes for now, except that a check
// assertion warns. A false condition is an error showing its
// error_message, or a warning for a check assertion.
func EvalConditions(kind ConditionKind, rules []*config.CheckRule, scope *lang.Scope, self cty.Value) (ConditionResult, hcl.Diagnostics) {
	res := ConditionResult{Status: CheckPass}
	var diags hcl.Diagnostics
	for _, rule := range rules {
		s, msg, ds := evalCondition(kind, rule, scope, self)
		res.Status = res.Status.combine(s)
		diags = append(diags, ds...)
		if s == CheckFail {
			res.FailureMessages = append(res.FailureMessages, msg)
		}
	}
	return res, diags
}

// evalCondition evaluates one rule; for a failed one it also returns the
// message shown.
func evalCondition(kind ConditionKind, rule *config.CheckRule, scope *lang.Scope, self cty.Value) (CheckStatus, string, hcl.Diagnostics) {
	severity := hcl.DiagError
	if kind == CheckAssertion {
		severity = hcl.DiagWarning
	}
	evalCtx, diags := conditionContext(rule, scope, self)
	if diags.HasErrors() {
		return CheckError, "", diags
	}
	result, ds := rule.Condition.Value(evalCtx)
	diags = append(diags, lang.Redact(ds)...)
	if ds.HasErrors() {
		return CheckError, "", diags
	}
	invalid := func(detail string) (CheckStatus, string, hcl.Diagnostics) {
		return CheckError, "", append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid condition result", Detail: detail,
			Subject: rule.Condition.Range().Ptr(), Expression: rule.Condition, EvalContext: evalCtx,
		})
	}
	if !result.IsKnown() {
		if kind == CheckAssertion {
			diags = append(diags, lang.Redact(hcl.Diagnostics{{
				Severity: hcl.DiagWarning, Summary: kind.String() + " known after apply",
				Detail:  "The condition could not be evaluated at this time, a result will be known when this plan is applied.",
				Subject: rule.Condition.Range().Ptr(), Expression: rule.Condition, EvalContext: evalCtx,
			}})...)
		}
		return CheckUnknown, "", diags
	}
	if result.IsNull() {
		return invalid("Condition expression must return either true or false, not null.")
	}
	result, err := convert.Convert(result, cty.Bool)
	if err != nil {
		return invalid(fmt.Sprintf("Invalid condition result value: %s.", err))
	}
	result, _ = result.Unmark()
	if !result.IsKnown() {
		return CheckUnknown, "", diags
	}
	if result.True() {
		return CheckPass, "", diags
	}
	msg, ds := errorMessage(rule.ErrorMessage, evalCtx)
	diags = append(diags, ds...)
	if msg == "" {
		msg = invalidMessageDetail
	}
	summary, detail := kind.failure(rule, msg)
	diags = append(diags, lang.Redact(hcl.Diagnostics{{
		Severity: severity, Summary: summary, Detail: detail,
		Subject: rule.Condition.Range().Ptr(), Expression: rule.Condition, EvalContext: evalCtx,
	}})...)
	return CheckFail, msg, diags
}

// conditionContext builds the evaluation context of a condition and its
// error message: the objects they refer to, and self.
func conditionContext(rule *config.CheckRule, scope *lang.Scope, self cty.Value) (*hcl.EvalContext, hcl.Diagnostics) {
	refs, diags := lang.ReferencesInCondition(rule.Condition)
	msgRefs, ds := lang.ReferencesInCondition(rule.ErrorMessage)
	diags = append(diags, ds...)
	evalCtx, ds := scope.EvalContext(append(refs, msgRefs...))
	diags = append(diags, ds...)
	if self != cty.NilVal {
		evalCtx.Variables["self"] = self
	}
	return evalCtx, diags
}

// errorMessage evaluates an error_message: "" with a diagnostic when it
// cannot be shown (null, not a string, or sensitive), "" alone when it is
// not known yet.
func errorMessage(expr hcl.Expression, evalCtx *hcl.EvalContext) (string, hcl.Diagnostics) {
	v, diags := expr.Value(evalCtx)
	diags = lang.Redact(diags)
	if diags.HasErrors() {
		return "", diags
	}
	invalid := func(detail string) (string, hcl.Diagnostics) {
		return "", append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid error message", Detail: detail,
			Subject: expr.Range().Ptr(),
		})
	}
	v, err := convert.Convert(v, cty.String)
	if err != nil {
		return invalid(fmt.Sprintf("Unsuitable value for error message: %s.", err))
	}
	if !v.IsKnown() {
		return "", diags
	}
	if v.IsNull() {
		return invalid("Unsuitable value for error message: must not be null.")
	}
	if v.ContainsMarked() {
		return "", append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning,
			Summary:  "Error message refers to sensitive values",
			Detail: "The error expression used to explain this condition refers to sensitive values, so trueup will not display the resulting message.\n\n" +
				"You can correct this by removing references to sensitive values, or by carefully using the nonsensitive() function if the expression will not reveal the sensitive data.",
			Subject: expr.Range().Ptr(),
		})
	}
	return strings.TrimSpace(v.AsString()), diags
}

// checkDiagnostic marks, in hcl.Diagnostic.Extra, the diagnostics of check
// blocks: when apply follows a plan at once, the plan's are dropped, as
// apply reports the checks again with the final values (as Terraform
// does).
type checkDiagnostic struct{ wrapped any }

// UnwrapDiagnosticExtra lets hcl.DiagnosticExtra find what it wraps.
func (c checkDiagnostic) UnwrapDiagnosticExtra() any { return c.wrapped }

// MarkCheckDiagnostics marks diags as coming from a check block.
func MarkCheckDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	for _, d := range diags {
		d.Extra = checkDiagnostic{wrapped: d.Extra}
	}
	return diags
}

// WithoutCheckDiagnostics returns diags without those of check blocks.
func WithoutCheckDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		if _, ok := hcl.DiagnosticExtra[checkDiagnostic](d); !ok {
			out = append(out, d)
		}
	}
	return out
}
