package eval

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/lang"
	"github.com/zclconf/go-cty/cty"
)

// EvalValueNode evaluates a local, child-module variable, output or
// module call node for every instance of its module, and records the
// results: the part of a walk that plan and apply share. Resource nodes
// are the caller's.
func (e *Evaluator) EvalValueNode(n *Node) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, mi := range e.ModuleInstances(n.Module()) {
		switch n.Kind {
		case LocalNode:
			l := n.Config.Module.Locals[n.Name]
			v, ds := e.Scope(mi).EvalExpr(l.Expr, cty.DynamicPseudoType)
			diags = append(diags, ds...)
			e.SetLocal(mi, n.Name, v)
		case VariableNode:
			diags = append(diags, e.EvalModuleVariable(mi, n.Config, n.Name)...)
		case ValidationNode:
			_, ds := e.EvalObjectValidations(mi, n.Config.Module.Variables[n.Name])
			diags = append(diags, ds...)
		case OutputNode:
			v, ds := e.evalOutput(mi, n)
			diags = append(diags, ds...)
			e.SetOutput(mi, n.Name, v)
		case ModuleCallNode:
			call := n.Config.Module.ModuleCalls[n.Name]
			exp, ds := e.ExpandModuleCall(mi, call)
			diags = append(diags, ds...)
			if !ds.HasErrors() && !exp.Known {
				diags = append(diags, unknownCallExpansion(call.Count, call.ForEach))
			}
		}
	}
	return diags
}

// evalOutput evaluates an output of module instance mi. An output that
// refers to sensitive values must be declared sensitive; a sensitive one
// is marked, so that its module's callers see it as sensitive.
func (e *Evaluator) evalOutput(mi addrs.ModuleInstance, n *Node) (cty.Value, hcl.Diagnostics) {
	o := n.Config.Module.Outputs[n.Name]
	_, diags := EvalConditions(OutputPrecondition, o.Preconditions, e.Scope(mi), cty.NilVal)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, ds := e.Scope(mi).EvalExpr(o.Expr, cty.DynamicPseudoType)
	diags = append(diags, ds...)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	if o.Ephemeral && mi.IsRoot() {
		return v, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Ephemeral output not allowed",
			Detail: "Ephemeral outputs are not allowed in context of a root module", Subject: o.DeclRange.Ptr()})
	}
	if !o.Ephemeral && lang.MarkedWith(v, lang.Ephemeral) {
		return v, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Ephemeral value not allowed",
			Detail:  "This output value is not declared as returning an ephemeral value, so it cannot be set to a result derived from an ephemeral value.",
			Subject: o.Expr.Range().Ptr()})
	}
	if o.Ephemeral {
		v = v.Mark(lang.Ephemeral)
	}
	if !o.Sensitive && lang.MarkedWith(v, lang.Sensitive) {
		return v, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Output refers to sensitive values",
			Detail: fmt.Sprintf("Output %q refers to sensitive values. To reduce the risk of accidentally exporting sensitive data, "+
				"declare the output sensitive: sensitive = true.", o.Name),
			Subject: o.Expr.Range().Ptr(),
		})
	}
	if o.Sensitive {
		v = v.Mark(lang.Sensitive)
	}
	return v, diags
}

func unknownCallExpansion(count, forEach hcl.Expression) *hcl.Diagnostic {
	arg, expr := "count", count
	if expr == nil {
		arg, expr = "for_each", forEach
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid " + arg + " argument",
		Detail: fmt.Sprintf("The %q value depends on resource attributes that cannot be determined until apply, so trueup cannot predict how many instances will be created. "+
			"Use -target to first apply only the resources it depends on.", arg),
		Subject: expr.Range().Ptr(),
	}
}
