package config

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

// decodeReplaceTriggeredBy reads lifecycle { replace_triggered_by = [...] }:
// each entry refers to exactly one resource, or one of its instances or
// attributes, and may index it with count.index or each.key, as
// Terraform requires.
func decodeReplaceTriggeredBy(expr hcl.Expression) ([]hcl.Expression, hcl.Diagnostics) {
	exprs, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		return nil, diags
	}
	for _, e := range exprs {
		diags = append(diags, checkReplaceTrigger(e)...)
	}
	return exprs, diags
}

func checkReplaceTrigger(expr hcl.Expression) hcl.Diagnostics {
	var diags hcl.Diagnostics
	invalid := func(summary, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: expr.Range().Ptr()})
	}
	resources := 0
	for _, tr := range expr.Variables() {
		ref, refDiags := addrs.ParseRef(tr)
		if refDiags.HasErrors() {
			for _, d := range refDiags {
				invalid(d.Summary, d.Detail)
			}
			return diags
		}
		switch s := ref.Subject.(type) {
		case addrs.Resource, addrs.ResourceInstance:
			resources++
		case addrs.ForEachAttr:
			if s.Name != "key" {
				invalid("Invalid each reference in replace_triggered_by expression", "Only each.key may be used in replace_triggered_by.")
			}
		case addrs.CountAttr:
			if s.Name != "index" {
				invalid("Invalid count reference in replace_triggered_by expression", "Only count.index may be used in replace_triggered_by.")
			}
		default:
			invalid("Invalid reference in replace_triggered_by expression", "Only resources, count.index, and each.key may be used in replace_triggered_by.")
		}
	}
	switch {
	case resources == 0:
		invalid("Invalid replace_triggered_by expression", "Missing resource reference in replace_triggered_by expression.")
	case resources > 1:
		invalid("Invalid replace_triggered_by expression", "Multiple resource references in replace_triggered_by expression.")
	}
	return diags
}
