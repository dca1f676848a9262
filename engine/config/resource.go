package config

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/addrs"
)

// Resource is a resource or data block.
//
// One is held for every block of the configuration for the whole run (a
// large stack's walk keeps hundreds of thousands), so it keeps only what
// every block has: the meta-arguments and settings that most blocks do
// not have are behind one pointer (ResourceExtras, shared by the blocks
// without any), and the type label's range is kept as its columns on the
// declaration's line. It was 352 bytes with 20 pointer words for the
// collector to scan, and is 192 with 10.
type Resource struct {
	Mode addrs.ResourceMode
	Type string
	Name string
	// Config is the block body without the meta-arguments (count,
	// for_each, provider, depends_on, lifecycle), ready to be decoded with
	// the provider's schema for Type: for a native-syntax block a
	// *RemainBody (SyntaxBody returns its parsed body).
	Config hcl.Body
	// Managed holds the lifecycle settings of a resource block; nil for
	// data blocks. The resource blocks without lifecycle, provisioner or
	// connection blocks share one (96 bytes a resource otherwise): it is
	// read-only, as all of a loaded configuration is.
	Managed *ManagedResource
	// ResourceExtras holds the meta-arguments and settings only some
	// blocks have (Count, ForEach, ProviderConfigRef, DependsOn,
	// Preconditions, Postconditions, Container), read as r.Count. It is
	// never nil: the blocks without any share one, read-only, as all of a
	// loaded configuration is.
	*ResourceExtras
	DeclRange hcl.Range
	// typeLabel is the type label's range (TypeRange) on DeclRange's
	// first line, where a native-syntax block's labels are.
	typeLabel lineSpan
	// source is the bytes of the file the block is in, for Body to parse
	// a released body again.
	source []byte
	// remain is Config for a native-syntax block: it fits in the size
	// class of the struct without it, where a RemainBody of its own
	// would be an allocation per resource.
	remain RemainBody
}

// ResourceExtras are the parts of a Resource that most blocks do not have.
type ResourceExtras struct {
	// Count and ForEach are nil when absent; never both set.
	Count   hcl.Expression
	ForEach hcl.Expression
	// ProviderConfigRef is the explicit provider argument, nil when absent.
	ProviderConfigRef *ProviderConfigRef
	// DependsOn holds references to resources and data sources (checked
	// by Load: whole resources or instances, no attributes).
	DependsOn []hcl.Traversal
	// Preconditions and Postconditions are the lifecycle's custom
	// conditions (engine/config/conditions.go).
	Preconditions, Postconditions []*CheckRule
	// Container is the check block a data block is nested in, nil for
	// a top-level block.
	Container *Check
	// typeRange is the type label's range when it is not on the
	// declaration's first line (a JSON block's); nil otherwise.
	typeRange *hcl.Range
}

// noExtras is the ResourceExtras of every block without any.
var noExtras = &ResourceExtras{}

// extras returns r.ResourceExtras, first made r's own if it is the shared
// noExtras, for the decoder to set.
func (r *Resource) extras() *ResourceExtras {
	if r.ResourceExtras == noExtras {
		r.ResourceExtras = &ResourceExtras{}
	}
	return r.ResourceExtras
}

// TypeRange returns the range of the block's type label.
func (r *Resource) TypeRange() hcl.Range {
	if r.typeRange != nil {
		return *r.typeRange
	}
	return r.typeLabel.on(r.DeclRange)
}

// setTypeRange records rng as the type label's range.
func (r *Resource) setTypeRange(rng hcl.Range) {
	if span, ok := spanOnLine(rng, r.DeclRange); ok {
		r.typeLabel = span
		return
	}
	r.extras().typeRange = &rng
}

// lineSpan is a range on the first line of a block's declaration range:
// its columns and byte offsets, the rest being the declaration's.
type lineSpan struct {
	startColumn, startByte, endColumn, endByte int32
}

// spanOnLine returns rng as a lineSpan of decl; ok is false when rng is
// not on decl's first line, in decl's file.
func spanOnLine(rng, decl hcl.Range) (lineSpan, bool) {
	line := decl.Start.Line
	if rng.Filename != decl.Filename || rng.Start.Line != line || rng.End.Line != line {
		return lineSpan{}, false
	}
	span := lineSpan{int32(rng.Start.Column), int32(rng.Start.Byte), int32(rng.End.Column), int32(rng.End.Byte)}
	if span.on(decl) != rng {
		return lineSpan{}, false // past what an int32 holds
	}
	return span, true
}

// on returns the range s is of decl.
func (s lineSpan) on(decl hcl.Range) hcl.Range {
	line := decl.Start.Line
	return hcl.Range{
		Filename: decl.Filename,
		Start:    hcl.Pos{Line: line, Column: int(s.startColumn), Byte: int(s.startByte)},
		End:      hcl.Pos{Line: line, Column: int(s.endColumn), Byte: int(s.endByte)},
	}
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
		Mode:           mode,
		Type:           block.Labels[0],
		Name:           block.Labels[1],
		ResourceExtras: noExtras,
		DeclRange:      block.DefRange,
	}
	r.setTypeRange(block.LabelRanges[0])
	var diags hcl.Diagnostics
	diags = append(diags, checkName("resource type", r.Type, block.LabelRanges[0])...)
	diags = append(diags, checkName("resource", r.Name, block.LabelRanges[1])...)
	metaSchema := managedMetaSchema
	if mode != addrs.ManagedResourceMode {
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
		r.extras().Count = attr.Expr
	}
	if attr, ok := content.Attributes["for_each"]; ok {
		r.extras().ForEach = attr.Expr
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
		r.extras().ProviderConfigRef, refDiags = decodeProviderConfigRef(attr.Expr)
		diags = append(diags, refDiags...)
	}
	if attr, ok := content.Attributes["depends_on"]; ok {
		var depDiags hcl.Diagnostics
		r.extras().DependsOn, depDiags = decodeDependsOn(attr)
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
