package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

// Conditions are the custom conditions of a resource, data or output
// block: precondition and postcondition blocks, decoded as Terraform does.

// decodeConditions decodes the precondition and postcondition blocks of a
// lifecycle block of r.
func (r *Resource) decodeConditions(blocks hcl.Blocks) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, b := range blocks {
		rule, ds := decodeConditionBlock(b)
		diags = append(diags, ds...)
		if rule == nil {
			continue
		}
		diags = append(diags, rule.validateSelfReferences(b.Type, r.Addr())...)
		switch e := r.extras(); b.Type {
		case "precondition":
			e.Preconditions = append(e.Preconditions, rule)
		case "postcondition":
			e.Postconditions = append(e.Postconditions, rule)
		}
	}
	return diags
}

// decodeOutputConditions decodes the precondition blocks of an output.
func (o *Output) decodeOutputConditions(blocks hcl.Blocks) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, b := range blocks {
		rule, ds := decodeConditionBlock(b)
		diags = append(diags, ds...)
		if rule != nil {
			o.Preconditions = append(o.Preconditions, rule)
		}
	}
	return diags
}

// decodeConditionBlock decodes a precondition, postcondition or assert
// block. Its condition must refer to something, or it checks nothing.
func decodeConditionBlock(block *hcl.Block) (*CheckRule, hcl.Diagnostics) {
	rule, diags := decodeCheckRule(block)
	if rule == nil {
		return nil, diags
	}
	if len(rule.Condition.Variables()) == 0 {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  fmt.Sprintf("Invalid %s expression", block.Type),
			Detail:   "The condition expression must refer to at least one object from elsewhere in the configuration, or else its result would not be checking anything.",
			Subject:  rule.Condition.Range().Ptr(),
		})
	}
	return rule, diags
}

// validateSelfReferences refuses a condition of resource addr that names
// addr itself: the object is self there (in a postcondition), and in a
// precondition it does not exist yet.
func (cr *CheckRule) validateSelfReferences(blockType string, addr addrs.Resource) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, expr := range []hcl.Expression{cr.Condition, cr.ErrorMessage} {
		for _, tr := range expr.Variables() {
			if tr.RootName() == "self" {
				continue
			}
			ref, _ := addrs.ParseRef(tr)
			if ref == nil {
				continue
			}
			var refAddr addrs.Resource
			switch s := ref.Subject.(type) {
			case addrs.Resource:
				refAddr = s
			case addrs.ResourceInstance:
				refAddr = s.Resource
			default:
				continue
			}
			if refAddr == addr {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("Invalid reference in %s", blockType),
					Detail:   fmt.Sprintf("Configuration for %s may not refer to itself.", addr),
					Subject:  expr.Range().Ptr(),
				})
				break
			}
		}
	}
	return diags
}
