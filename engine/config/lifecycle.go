package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

var managedLifecycleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "create_before_destroy"}, {Name: "prevent_destroy"},
		{Name: "ignore_changes"}, {Name: "replace_triggered_by"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "precondition"}, {Type: "postcondition"}},
}

var dataLifecycleSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{{Type: "precondition"}, {Type: "postcondition"}},
}

// decodeLifecycle decodes a resource or data block's lifecycle block.
func (r *Resource) decodeLifecycle(block *hcl.Block) hcl.Diagnostics {
	if r.Managed == nil {
		content, diags := block.Body.Content(dataLifecycleSchema)
		return append(diags, r.decodeConditions(content.Blocks)...)
	}
	content, diags := block.Body.Content(managedLifecycleSchema)
	diags = append(diags, r.decodeConditions(content.Blocks)...)
	m := r.ownManaged()
	diags = append(diags, decodeBool(content.Attributes["create_before_destroy"], &m.CreateBeforeDestroy)...)
	diags = append(diags, decodeBool(content.Attributes["prevent_destroy"], &m.PreventDestroy)...)
	if attr, ok := content.Attributes["ignore_changes"]; ok {
		diags = append(diags, m.decodeIgnoreChanges(attr)...)
	}
	if attr, ok := content.Attributes["replace_triggered_by"]; ok {
		exprs, ds := decodeReplaceTriggeredBy(attr.Expr)
		m.ReplaceTriggeredBy = exprs
		diags = append(diags, ds...)
	}
	return diags
}

// decodeIgnoreChanges reads ignore_changes = all or a list of attribute
// paths relative to the resource.
func (m *ManagedResource) decodeIgnoreChanges(attr *hcl.Attribute) hcl.Diagnostics {
	if hcl.ExprAsKeyword(attr.Expr) == "all" {
		m.IgnoreAllChanges = true
		return nil
	}
	exprs, diags := hcl.ExprList(attr.Expr)
	if diags.HasErrors() {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid ignore_changes",
			Detail:   "ignore_changes must be the keyword all or a list of attribute names, like [tags, tags[\"Name\"]].",
			Subject:  attr.Expr.Range().Ptr(),
		}}
	}
	for _, e := range exprs {
		traversal, travDiags := hcl.RelTraversalForExpr(e)
		if travDiags.HasErrors() || len(traversal) == 0 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid ignore_changes",
				Detail:   "Each entry of ignore_changes must be an attribute name of this resource, optionally followed by attribute and index steps.",
				Subject:  e.Range().Ptr(),
			})
			continue
		}
		m.IgnoreChanges = append(m.IgnoreChanges, traversal)
	}
	return diags
}

func notSupportedYet(what string, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Unsupported %q", what),
		Detail:   fmt.Sprintf("trueup does not support %s yet. Remove it; it is planned for a later release.", what),
		Subject:  rng.Ptr(),
	}
}
