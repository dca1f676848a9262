package lang

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
)

// selfUnavailable is Terraform's error for self outside a postcondition.
const selfUnavailable = `The "self" object is not available in this context. This object can be used only in resource provisioner, connection, and postcondition blocks.`

// conditions checks the references of a resource's preconditions,
// postconditions (where self is the object) and replace_triggered_by.
func (v *validator) conditions(r *config.Resource) {
	ctx := refContext{counted: r.Count != nil, forEach: r.ForEach != nil}
	for _, rule := range r.Preconditions {
		v.conditionExprs(rule, ctx, false)
	}
	for _, rule := range r.Postconditions {
		v.conditionExprs(rule, ctx, true)
	}
	if r.Managed != nil {
		for _, e := range r.Managed.ReplaceTriggeredBy {
			v.expr(e, ctx)
		}
	}
}

// checkBlocks checks the references of every check block's assertions and
// of output preconditions.
func (v *validator) checkBlocks() {
	for _, name := range sortedKeys(v.mod.Checks) {
		for _, rule := range v.mod.Checks[name].Asserts {
			v.conditionExprs(rule, refContext{}, false)
		}
	}
	for _, name := range sortedKeys(v.mod.Outputs) {
		for _, rule := range v.mod.Outputs[name].Preconditions {
			v.conditionExprs(rule, refContext{}, false)
		}
	}
}

func (v *validator) conditionExprs(rule *config.CheckRule, ctx refContext, selfOK bool) {
	for _, expr := range []hcl.Expression{rule.Condition, rule.ErrorMessage} {
		refs, diags := ReferencesInCondition(expr)
		v.diags = append(v.diags, diags...)
		v.refs(refs, ctx)
		if selfOK {
			continue
		}
		for _, tr := range expr.Variables() {
			if tr.RootName() == "self" {
				v.diags = append(v.diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  `Invalid "self" reference`,
					Detail:   selfUnavailable,
					Subject:  tr.SourceRange().Ptr(),
				})
			}
		}
	}
}

// ReferencesInCondition returns the references of a condition or error
// message expression, leaving out self (the object a postcondition
// checks), which is not a reference to another object.
func ReferencesInCondition(expr hcl.Expression) ([]*addrs.Reference, hcl.Diagnostics) {
	if expr == nil {
		return nil, nil
	}
	var trs []hcl.Traversal
	for _, tr := range expr.Variables() {
		if tr.RootName() != "self" {
			trs = append(trs, tr)
		}
	}
	return referencesFromTraversals(trs)
}

// Redact drops the evaluation context of diagnostics whose context holds
// sensitive values, so that hcl's printer never shows them.
func Redact(diags hcl.Diagnostics) hcl.Diagnostics { return redact(diags) }
