package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

// Check is a check block: assertions about the infrastructure, reported
// as warnings at plan and apply, and optionally one scoped data source
// read for them.
type Check struct {
	Name    string
	Asserts []*CheckRule
	// DataResource is the nested data block, nil when absent. It is also
	// in Module.DataResources, with Container pointing back here.
	DataResource *Resource
	DeclRange    hcl.Range
}

// Addr returns "check.NAME".
func (c *Check) Addr() string { return "check." + c.Name }

var checkBlockSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "assert"},
	},
}

func decodeCheck(block *hcl.Block) (*Check, hcl.Diagnostics) {
	c := &Check{Name: block.Labels[0], DeclRange: block.DefRange}
	diags := checkName("check block", c.Name, block.LabelRanges[0])
	content, moreDiags := block.Body.Content(checkBlockSchema)
	diags = append(diags, moreDiags...)
	for _, b := range content.Blocks {
		switch b.Type {
		case "data":
			if c.DataResource != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Multiple data resource blocks",
					Detail:   fmt.Sprintf("This check block already has a data resource defined at %s.", c.DataResource.DeclRange),
					Subject:  b.DefRange.Ptr(),
				})
				continue
			}
			r, ds := decodeResource(b, addrs.DataResourceMode)
			diags = append(diags, ds...)
			diags = append(diags, checkNestedData(r, b)...)
			r.extras().Container = c
			c.DataResource = r
		case "assert":
			rule, ds := decodeConditionBlock(b)
			diags = append(diags, ds...)
			if rule != nil {
				c.Asserts = append(c.Asserts, rule)
			}
		}
	}
	if len(c.Asserts) == 0 {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Zero assert blocks",
			Detail:   "Check blocks must have at least one assert block.",
			Subject:  c.DeclRange.Ptr(),
		})
	}
	return c, diags
}

// checkNestedData refuses the meta-arguments a data block nested in a
// check block cannot have.
func checkNestedData(r *Resource, block *hcl.Block) hcl.Diagnostics {
	var diags hcl.Diagnostics
	content, _, _ := block.Body.PartialContent(dataMetaSchema)
	for _, name := range []string{"count", "for_each"} {
		if attr, ok := content.Attributes[name]; ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("Invalid %q attribute", name),
				Detail:   `The "count" and "for_each" meta-arguments are not supported within nested data blocks.`,
				Subject:  attr.NameRange.Ptr(),
			})
		}
	}
	if r.Count != nil || r.ForEach != nil {
		r.Count, r.ForEach = nil, nil // r's own: decodeResource set them
	}
	for _, b := range content.Blocks {
		if b.Type == "lifecycle" {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  `Unsupported "lifecycle" block`,
				Detail:   `The "lifecycle" block is not supported within nested data blocks.`,
				Subject:  b.DefRange.Ptr(),
			})
		}
	}
	return diags
}

func (m *Module) addCheck(c *Check) hcl.Diagnostics {
	if prev, ok := m.Checks[c.Name]; ok {
		detail := fmt.Sprintf("A check block named %q was already declared at %s. Check blocks must be unique within each module.", c.Name, prev.DeclRange)
		return duplicate(fmt.Sprintf("Duplicate check %q configuration", c.Name), detail, c.DeclRange)
	}
	m.Checks[c.Name] = c
	if c.DataResource != nil {
		return m.addResource(c.DataResource)
	}
	return nil
}
