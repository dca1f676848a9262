package encryption

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// decodeAttr evaluates attr in evalCtx, converts it to ty and hands the
// known, non-null result to set. Sensitive marks are dropped: the whole
// encryption block is treated as secret, and no value is ever printed.
func decodeAttr(attr *hcl.Attribute, evalCtx *hcl.EvalContext, ty cty.Type, set func(cty.Value)) hcl.Diagnostics {
	v, diags := attr.Expr.Value(evalCtx)
	if diags.HasErrors() {
		return diags
	}
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return append(diags, attrError(attr, "Value not known", "The value of "+attr.Name+" must be known before any resource is planned: use literals, variables and functions only."))
	}
	if v.IsNull() {
		return append(diags, attrError(attr, "Missing value", "The value of "+attr.Name+" must not be null."))
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		return append(diags, attrError(attr, "Invalid value", "The value of "+attr.Name+" must be a "+ty.FriendlyName()+"."))
	}
	set(cv)
	return diags
}

func attrError(attr *hcl.Attribute, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: attr.Expr.Range().Ptr()}
}
