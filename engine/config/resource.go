package config

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/addrs"
)

// Resource is a resource or data block.
type Resource struct {
	Mode addrs.ResourceMode
	Type string
	Name string
	// Config is the block body without the meta-arguments (count,
	// for_each, provider, depends_on, lifecycle), ready to be decoded with
	// the provider's schema for Type: for a native-syntax block a
	// *RemainBody (SyntaxBody returns its parsed body).
	Config hcl.Body
	// Count and ForEach are nil when absent; never both set.
	Count   hcl.Expression
	ForEach hcl.Expression
	// ProviderConfigRef is the explicit provider argument, nil when absent.
	ProviderConfigRef *ProviderConfigRef
	// DependsOn holds references to resources and data sources (checked
	// by Load: whole resources or instances, no attributes).
	DependsOn []hcl.Traversal
	// Managed holds the lifecycle settings of a resource block; nil for
	// data blocks. The resource blocks without lifecycle, provisioner or
	// connection blocks share one (96 bytes a resource otherwise): it is
	// read-only, as all of a loaded configuration is.
	Managed *ManagedResource
	// Preconditions and Postconditions are the lifecycle's custom
	// conditions (engine/config/conditions.go).
	Preconditions, Postconditions []*CheckRule
	// Container is the check block a data block is nested in, nil for
	// a top-level block.
	Container *Check
	DeclRange hcl.Range
	TypeRange hcl.Range
	// source is the bytes of the file the block is in, for Body to parse
	// a released body again.
	source []byte
	// remain is Config for a native-syntax block: it fits in the size
	// class of the struct without it, where a RemainBody of its own
	// would be an allocation per resource.
	remain RemainBody
}

func isSyntax(body hcl.Body) bool {
	_, ok := body.(*hclsyntax.Body)
	return ok
}

// ManagedResource holds the lifecycle block of a resource block.
type ManagedResource struct {
	CreateBeforeDestroy bool
	PreventDestroy      bool
	// IgnoreChanges are relative attribute paths (tags, tags["Name"]).
	IgnoreChanges []hcl.Traversal
	// IgnoreAllChanges is ignore_changes = all.
	IgnoreAllChanges bool
	// Provisioners are the provisioner blocks, in order (provisioner.go).
	Provisioners []*Provisioner
	// Connection is the resource's connection block, nil when absent.
	Connection *Connection
	// ReplaceTriggeredBy are references to resources, instances or their
	// attributes whose planned changes replace this resource.
	ReplaceTriggeredBy []hcl.Expression
}

// ProviderConfigRef is the provider meta-argument: provider = aws.west.
type ProviderConfigRef struct {
	Name      string
	Alias     string
	NameRange hcl.Range
}

// String returns "NAME" or "NAME.ALIAS".
func (r *ProviderConfigRef) String() string {
	if r.Alias == "" {
		return r.Name
	}
	return r.Name + "." + r.Alias
}

// Addr returns the resource's address.
func (r *Resource) Addr() addrs.Resource {
	return addrs.Resource{Mode: r.Mode, Type: r.Type, Name: r.Name}
}

// ProviderKey returns the key in Module.ProviderConfigs of the provider
// configuration this resource uses: the explicit provider argument
// ("aws.west"), or else the resource type's prefix before the first "_"
// ("aws_s3_bucket" → "aws").
func (r *Resource) ProviderKey() string {
	if r.ProviderConfigRef != nil {
		return r.ProviderConfigRef.String()
	}
	return ImpliedProviderName(r.Type)
}

// ImpliedProviderName returns the provider local name a resource type
// belongs to by default: its prefix before the first underscore.
func ImpliedProviderName(resourceType string) string {
	if i := strings.IndexByte(resourceType, '_'); i > 0 {
		return resourceType[:i]
	}
	return resourceType
}

// metaArgs are the arguments and blocks trueup interprets itself in
// resource and data blocks; they are split off the body so they never
// reach Config. Unsupported ones are listed so that they get a clear
// error instead of a provider-schema one.
var managedMetaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "count"}, {Name: "for_each"}, {Name: "provider"}, {Name: "depends_on"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "lifecycle"}, {Type: "connection"},
		{Type: "provisioner", LabelNames: []string{"type"}},
		{Type: "_"},
	},
}

var dataMetaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "count"}, {Name: "for_each"}, {Name: "provider"}, {Name: "depends_on"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "lifecycle"}, {Type: "_"}},
}

func decodeResource(block *hcl.Block, mode addrs.ResourceMode) (*Resource, hcl.Diagnostics) {
	r := &Resource{
		Mode:      mode,
		Type:      block.Labels[0],
		Name:      block.Labels[1],
		DeclRange: block.DefRange,
		TypeRange: block.LabelRanges[0],
	}
	var diags hcl.Diagnostics
	diags = append(diags, checkName("resource type", r.Type, block.LabelRanges[0])...)
	diags = append(diags, checkName("resource", r.Name, block.LabelRanges[1])...)
	metaSchema := managedMetaSchema
	if mode == addrs.DataResourceMode {
		metaSchema = dataMetaSchema
	} else {
		r.Managed = noLifecycle
	}
	content, remain, moreDiags := block.Body.PartialContent(metaSchema)
	diags = append(diags, moreDiags...)
	switch {
	case isSyntax(block.Body):
		// The remainder PartialContent returns is a copy with its own maps
		// of hidden names, a few hundred bytes a resource that a
		// 100,000-resource stack would hold for the whole run, and which
		// names it hides is private to hcl: the RemainBody, kept in r,
		// hides them itself (remain_body.go).
		r.remain.init(block.Body.(*hclsyntax.Body), mode)
		r.Config = &r.remain
	case len(content.Attributes) == 0 && len(content.Blocks) == 0 && len(moreDiags) == 0:
		r.Config = block.Body // JSON without meta-arguments: its own remainder
	default:
		r.Config = remain
	}

	if attr, ok := content.Attributes["count"]; ok {
		r.Count = attr.Expr
	}
	if attr, ok := content.Attributes["for_each"]; ok {
		r.ForEach = attr.Expr
		if r.Count != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  `Invalid combination of "count" and "for_each"`,
				Detail:   `The "count" and "for_each" meta-arguments are mutually exclusive: use only one of them to say how many instances to create.`,
				Subject:  attr.NameRange.Ptr(),
			})
		}
	}
	if attr, ok := content.Attributes["provider"]; ok {
		var refDiags hcl.Diagnostics
		r.ProviderConfigRef, refDiags = decodeProviderConfigRef(attr.Expr)
		diags = append(diags, refDiags...)
	}
	if attr, ok := content.Attributes["depends_on"]; ok {
		var depDiags hcl.Diagnostics
		r.DependsOn, depDiags = decodeDependsOn(attr)
		diags = append(diags, depDiags...)
	}
	for _, b := range content.Blocks {
		diags = append(diags, r.decodeMetaBlock(b)...)
	}
	return r, diags
}

// noLifecycle is the Managed of every resource block without lifecycle,
// provisioner or connection blocks.
var noLifecycle = &ManagedResource{}

// ownManaged returns r.Managed, first made r's own if it is the shared
// noLifecycle, for a meta block to set.
func (r *Resource) ownManaged() *ManagedResource {
	if r.Managed == noLifecycle {
		r.Managed = &ManagedResource{}
	}
	return r.Managed
}

// decodeMetaBlock handles the lifecycle block and refuses the blocks
// trueup does not support.
func (r *Resource) decodeMetaBlock(b *hcl.Block) hcl.Diagnostics {
	switch b.Type {
	case "lifecycle":
		return r.decodeLifecycle(b)
	case "provisioner", "connection":
		return r.ownManaged().decodeProvisioning(b)
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Unsupported block type",
		Detail:   "The escape block \"_\" is not supported by trueup.",
		Subject:  b.DefRange.Ptr(),
	}}
}

// decodeProviderConfigRef reads provider = NAME or provider = NAME.ALIAS.
func decodeProviderConfigRef(expr hcl.Expression) (*ProviderConfigRef, hcl.Diagnostics) {
	invalid := hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid provider configuration reference",
		Detail:   "The provider argument requires a provider name, optionally followed by a period and an alias: provider = aws.west. It is not a string.",
		Subject:  expr.Range().Ptr(),
	}}
	traversal, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() || len(traversal) > 2 {
		return nil, invalid
	}
	ref := &ProviderConfigRef{Name: traversal.RootName(), NameRange: traversal[0].SourceRange()}
	if len(traversal) == 2 {
		attr, ok := traversal[1].(hcl.TraverseAttr)
		if !ok {
			return nil, invalid
		}
		ref.Alias = attr.Name
	}
	return ref, nil
}

// decodeDependsOn reads depends_on = [aws_x.y, data.z.w]: whole resources
// or resource instances, without attributes.
func decodeDependsOn(attr *hcl.Attribute) ([]hcl.Traversal, hcl.Diagnostics) {
	exprs, diags := hcl.ExprList(attr.Expr)
	var out []hcl.Traversal
	for _, e := range exprs {
		traversal, travDiags := hcl.AbsTraversalForExpr(e)
		if travDiags.HasErrors() {
			diags = append(diags, invalidDependsOn(e.Range(), "Each entry of depends_on must be a reference to a resource or data source, like aws_s3_bucket.logs."))
			continue
		}
		ref, refDiags := addrs.ParseRef(traversal)
		if refDiags.HasErrors() {
			diags = append(diags, refDiags...)
			continue
		}
		switch ref.Subject.(type) {
		case addrs.Resource, addrs.ResourceInstance, addrs.ModuleCall:
		default:
			diags = append(diags, invalidDependsOn(e.Range(), "depends_on may only refer to resources, data sources and module calls; "+ref.Subject.String()+" is none of them."))
			continue
		}
		if len(ref.Remaining) != 0 {
			diags = append(diags, invalidDependsOn(e.Range(), "References in depends_on must be to a whole resource or module call, not to an attribute of it."))
			continue
		}
		out = append(out, traversal)
	}
	return out, diags
}

func invalidDependsOn(rng hcl.Range, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid depends_on reference",
		Detail:   detail,
		Subject:  rng.Ptr(),
	}
}

// Source returns the bytes of the file the block is in, which the ranges
// of its body index; empty for a block merged from an override file,
// whose body is not the one at its place in the file.
func (r *Resource) Source() []byte {
	return r.source
}
