package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var providerMetaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "alias"}, {Name: "version"}},
}

var outputSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "description"}, {Name: "value", Required: true},
		{Name: "sensitive"}, {Name: "depends_on"}, {Name: "ephemeral"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "precondition"}},
}

func decodeProvider(block *hcl.Block) (*Provider, hcl.Diagnostics) {
	p := &Provider{Name: block.Labels[0], NameRange: block.LabelRanges[0], DeclRange: block.DefRange}
	diags := checkName("provider", p.Name, block.LabelRanges[0])
	content, remain, moreDiags := block.Body.PartialContent(providerMetaSchema)
	diags = append(diags, moreDiags...)
	p.Config = remain
	if attr, ok := content.Attributes["alias"]; ok {
		diags = append(diags, decodeString(attr, &p.Alias)...)
		if !diags.HasErrors() {
			diags = append(diags, checkName("provider alias", p.Alias, attr.Expr.Range())...)
		}
	}
	if attr, ok := content.Attributes["version"]; ok {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning,
			Summary:  "Version constraints inside provider configuration blocks are deprecated",
			Detail:   "trueup ignores this version argument. Write version constraints in terraform { required_providers {} } instead.",
			Subject:  attr.NameRange.Ptr(),
		})
	}
	return p, diags
}

func decodeOutput(block *hcl.Block) (*Output, hcl.Diagnostics) {
	o := &Output{Name: block.Labels[0], DeclRange: block.DefRange}
	diags := checkName("output", o.Name, block.LabelRanges[0])
	content, moreDiags := block.Body.Content(outputSchema)
	diags = append(diags, moreDiags...)
	if attr, ok := content.Attributes["value"]; ok {
		o.Expr = attr.Expr
	}
	diags = append(diags, decodeString(content.Attributes["description"], &o.Description)...)
	diags = append(diags, decodeBool(content.Attributes["sensitive"], &o.Sensitive)...)
	diags = append(diags, decodeBool(content.Attributes["ephemeral"], &o.Ephemeral)...)
	if attr, ok := content.Attributes["depends_on"]; ok {
		var depDiags hcl.Diagnostics
		o.DependsOn, depDiags = decodeDependsOn(attr)
		diags = append(diags, depDiags...)
	}
	diags = append(diags, o.decodeOutputConditions(content.Blocks)...)
	return o, diags
}

func decodeLocals(block *hcl.Block) ([]*Local, hcl.Diagnostics) {
	attrs, diags := block.Body.JustAttributes()
	locals := make([]*Local, 0, len(attrs))
	for _, attr := range sortedAttributes(attrs) {
		diags = append(diags, checkName("local value", attr.Name, attr.NameRange)...)
		locals = append(locals, &Local{Name: attr.Name, Expr: attr.Expr, DeclRange: attr.Range})
	}
	return locals, diags
}

// checkName reports an error when name is not a valid identifier; what
// names the kind of thing ("resource", "variable").
func checkName(what, name string, rng hcl.Range) hcl.Diagnostics {
	if hclsyntax.ValidIdentifier(name) {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Invalid %s name", what),
		Detail:   fmt.Sprintf("%q is not a valid %s name. A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.", name, what),
		Subject:  rng.Ptr(),
	}}
}
