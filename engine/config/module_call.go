package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// ModuleCall is a module block: a call of a child module with its input
// variables.
type ModuleCall struct {
	Name string
	// SourceAddr is the source argument as written: a local path ("./x",
	// "../x"), a git, archive or registry address.
	SourceAddr      string
	SourceAddrRange hcl.Range
	// Version is the version constraint of a registry source, "" when
	// absent.
	Version      string
	VersionRange hcl.Range
	// Config is the block body without the meta-arguments: one attribute
	// per input variable of the child module.
	Config hcl.Body
	// Count and ForEach are nil when absent; never both set.
	Count   hcl.Expression
	ForEach hcl.Expression
	// DependsOn holds references to resources and module calls: every
	// object in the child module waits for them.
	DependsOn []hcl.Traversal
	// Providers are the provider configurations passed to the child
	// module explicitly (providers = { aws = aws.west }).
	Providers []PassedProvider
	DeclRange hcl.Range
}

// PassedProvider is one entry of a module call's providers map: the
// child's provider configuration InChild is the parent's InParent.
type PassedProvider struct {
	InChild  *ProviderConfigRef
	InParent *ProviderConfigRef
}

// IsLocalSource reports whether the call's source is a local path, which
// Terraform resolves relative to the calling module's directory without
// installing anything.
func (c *ModuleCall) IsLocalSource() bool {
	s := c.SourceAddr
	return len(s) >= 2 && (s[:2] == "./" || (len(s) >= 3 && s[:3] == "../"))
}

var moduleCallSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "source", Required: true}, {Name: "version"},
		{Name: "count"}, {Name: "for_each"}, {Name: "depends_on"}, {Name: "providers"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "lifecycle"}, {Type: "_"}},
}

func decodeModuleCall(block *hcl.Block) (*ModuleCall, hcl.Diagnostics) {
	c := &ModuleCall{Name: block.Labels[0], DeclRange: block.DefRange}
	diags := checkName("module", c.Name, block.LabelRanges[0])
	content, remain, moreDiags := block.Body.PartialContent(moduleCallSchema)
	diags = append(diags, moreDiags...)
	c.Config = remain
	if attr, ok := content.Attributes["source"]; ok {
		c.SourceAddrRange = attr.Expr.Range()
		diags = append(diags, decodeString(attr, &c.SourceAddr)...)
		if c.SourceAddr == "" && !diags.HasErrors() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid module source address",
				Detail: "The module source address must not be empty.", Subject: attr.Expr.Range().Ptr()})
		}
	}
	if attr, ok := content.Attributes["version"]; ok {
		c.VersionRange = attr.Expr.Range()
		diags = append(diags, decodeString(attr, &c.Version)...)
	}
	if attr, ok := content.Attributes["count"]; ok {
		c.Count = attr.Expr
	}
	if attr, ok := content.Attributes["for_each"]; ok {
		c.ForEach = attr.Expr
		if c.Count != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  `Invalid combination of "count" and "for_each"`,
				Detail:   `The "count" and "for_each" meta-arguments are mutually exclusive: use only one of them to say how many instances to create.`,
				Subject:  attr.NameRange.Ptr(),
			})
		}
	}
	if attr, ok := content.Attributes["depends_on"]; ok {
		deps, ds := decodeDependsOn(attr)
		c.DependsOn = deps
		diags = append(diags, ds...)
	}
	if attr, ok := content.Attributes["providers"]; ok {
		passed, ds := decodePassedProviders(attr)
		c.Providers = passed
		diags = append(diags, ds...)
	}
	for _, b := range content.Blocks {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Reserved block type name in module block",
			Detail: fmt.Sprintf("The block type name %q is reserved for use by Terraform in a future version.", b.Type), Subject: b.DefRange.Ptr()})
	}
	return c, diags
}

// decodePassedProviders reads providers = { aws = aws.west, google = google }.
func decodePassedProviders(attr *hcl.Attribute) ([]PassedProvider, hcl.Diagnostics) {
	pairs, diags := hcl.ExprMap(attr.Expr)
	if diags.HasErrors() {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid providers argument",
			Detail: "The providers argument is a map from the child module's provider names to provider configurations of this module, like { aws = aws.west }.", Subject: attr.Expr.Range().Ptr()}}
	}
	var out []PassedProvider
	for _, pair := range pairs {
		child, ds := decodeProviderConfigRef(pair.Key)
		diags = append(diags, ds...)
		parent, ds := decodeProviderConfigRef(pair.Value)
		diags = append(diags, ds...)
		if child != nil && parent != nil {
			out = append(out, PassedProvider{InChild: child, InParent: parent})
		}
	}
	return out, diags
}

func (m *Module) addModuleCall(c *ModuleCall) hcl.Diagnostics {
	if prev, ok := m.ModuleCalls[c.Name]; ok {
		detail := fmt.Sprintf("A module call named %q was already defined at %s. Module calls must have unique names within a module.", c.Name, prev.DeclRange)
		return duplicate("Duplicate module call", detail, c.DeclRange)
	}
	m.ModuleCalls[c.Name] = c
	return nil
}
