package plan

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/zclconf/go-cty/cty"
)

// planOutput evaluates an output and compares it with the stored value.
func (p *planner) planOutput(o *config.Output) hcl.Diagnostics {
	v, diags := p.ev.Scope().EvalExpr(o.Expr, cty.DynamicPseudoType)
	if diags.HasErrors() {
		return diags
	}
	if !o.Sensitive && v.ContainsMarked() {
		return append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Output refers to sensitive values",
			Detail: fmt.Sprintf("Output %q refers to sensitive values. To reduce the risk of accidentally exporting sensitive data, "+
				"declare the output sensitive: sensitive = true.", o.Name),
			Subject: o.Expr.Range().Ptr(),
		})
	}
	p.addOutput(o.Name, v, o.Sensitive)
	return diags
}

func (p *planner) addOutput(name string, after cty.Value, sensitive bool) {
	before := cty.NullVal(cty.DynamicPseudoType)
	if p.opts.State != nil {
		if old := p.opts.State.Outputs[name]; old != nil {
			before = old.Value
			sensitive = sensitive || old.Sensitive
		}
	}
	oc := &plans.OutputChange{Name: name, Before: before, After: after, Sensitive: sensitive}
	ua, _ := after.UnmarkDeep()
	switch {
	case after.IsNull() && before.IsNull():
		oc.Action = plans.NoOp
	case before.IsNull():
		oc.Action = plans.Create
	case after.IsNull():
		oc.Action = plans.Delete
	case ua.IsWhollyKnown() && ua.RawEquals(before):
		oc.Action = plans.NoOp
	default:
		oc.Action = plans.Update
	}
	p.mu.Lock()
	p.outputs = append(p.outputs, oc)
	p.mu.Unlock()
}
