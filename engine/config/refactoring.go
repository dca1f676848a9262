package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/addrs"
)

// Moved is a moved block: the objects at From, in this module, now live at
// To. Both are relative to the module the block is written in.
type Moved struct {
	From, To           addrs.Targetable
	FromRange, ToRange hcl.Range
	DeclRange          hcl.Range
}

// Removed is a removed block: the objects at From left the configuration
// on purpose; Destroy false forgets them without destroying them.
type Removed struct {
	From      addrs.Targetable
	FromRange hcl.Range
	Destroy   bool
	DeclRange hcl.Range
}

// Import is an import block of the root module: the existing object with
// import ID ID becomes the resource instance To.
type Import struct {
	// To is the target address; its instance key may be an expression
	// of each.key/each.value (ToKey), evaluated per for_each element.
	To      addrs.Resource
	ToKey   hcl.Expression
	ToRange hcl.Range
	ID      hcl.Expression
	ForEach hcl.Expression
	// ProviderConfigRef is the explicit provider argument, nil when absent.
	ProviderConfigRef *ProviderConfigRef
	DeclRange         hcl.Range
}

var movedSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "from", Required: true}, {Name: "to", Required: true}}}

var removedSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "from", Required: true}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "lifecycle"}, {Type: "provisioner", LabelNames: []string{"type"}}, {Type: "connection"}},
}

var removedLifecycleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "destroy"}}}

var importSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "to", Required: true}, {Name: "id", Required: true}, {Name: "for_each"}, {Name: "provider"},
}}

func decodeMoved(block *hcl.Block) (*Moved, hcl.Diagnostics) {
	m := &Moved{DeclRange: block.DefRange}
	content, diags := block.Body.Content(movedSchema)
	if attr, ok := content.Attributes["from"]; ok {
		m.From, m.FromRange = decodeAddrExpr(attr, &diags)
	}
	if attr, ok := content.Attributes["to"]; ok {
		m.To, m.ToRange = decodeAddrExpr(attr, &diags)
	}
	if diags.HasErrors() || m.From == nil || m.To == nil {
		return nil, diags
	}
	return m, diags
}

func decodeRemoved(block *hcl.Block) (*Removed, hcl.Diagnostics) {
	r := &Removed{DeclRange: block.DefRange, Destroy: true}
	content, diags := block.Body.Content(removedSchema)
	if attr, ok := content.Attributes["from"]; ok {
		r.From, r.FromRange = decodeAddrExpr(attr, &diags)
		if _, ok := r.From.(addrs.ResourceInstance); ok {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Resource instance keys not allowed",
				Detail: "Resource address must be a resource (e.g. \"test_instance.foo\"), not a resource instance (e.g. \"test_instance.foo[1]\").", Subject: attr.Expr.Range().Ptr()})
		}
		if m, ok := r.From.(addrs.ModuleInstance); ok && m.Steps()[len(m.Steps())-1].Key != addrs.NoKey {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module instance keys not allowed",
				Detail: "Module address must be a module (e.g. \"module.foo\"), not a module instance (e.g. \"module.foo[1]\").", Subject: attr.Expr.Range().Ptr()})
		}
	}
	for _, b := range content.Blocks {
		if b.Type != "lifecycle" {
			diags = append(diags, notSupportedYet("provisioners in removed blocks", b.DefRange))
			continue
		}
		lc, ds := b.Body.Content(removedLifecycleSchema)
		diags = append(diags, ds...)
		if attr, ok := lc.Attributes["destroy"]; ok {
			diags = append(diags, decodeBool(attr, &r.Destroy)...)
		}
	}
	if diags.HasErrors() || r.From == nil {
		return nil, diags
	}
	return r, diags
}

func decodeImport(block *hcl.Block) (*Import, hcl.Diagnostics) {
	im := &Import{DeclRange: block.DefRange}
	content, diags := block.Body.Content(importSchema)
	if attr, ok := content.Attributes["to"]; ok {
		im.ToRange = attr.Expr.Range()
		diags = append(diags, im.decodeTo(attr.Expr)...)
	}
	if attr, ok := content.Attributes["id"]; ok {
		im.ID = attr.Expr
	}
	if attr, ok := content.Attributes["for_each"]; ok {
		im.ForEach = attr.Expr
	}
	if attr, ok := content.Attributes["provider"]; ok {
		ref, ds := decodeProviderConfigRef(attr.Expr)
		im.ProviderConfigRef = ref
		diags = append(diags, ds...)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return im, diags
}

// decodeTo reads an import target: a resource address whose instance key
// may be an expression (to = aws_s3_bucket.b[each.key]).
func (im *Import) decodeTo(expr hcl.Expression) hcl.Diagnostics {
	invalid := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid import address",
		Detail: "The import target must be a resource instance address, like aws_s3_bucket.b or aws_s3_bucket.b[each.key].", Subject: expr.Range().Ptr()}}
	if tr, diags := hcl.AbsTraversalForExpr(expr); !diags.HasErrors() {
		t, ds := addrs.ParseTargetTraversal(tr)
		if ds.HasErrors() || t.IsModule() {
			return invalid
		}
		im.To = t.Resource()
		if ri, ok := t.Instance(); ok {
			im.ToKey = hcl.StaticExpr(ri.Key.Value(), expr.Range())
		}
		return nil
	}
	idx, ok := expr.(*hclsyntax.IndexExpr)
	if !ok {
		return invalid
	}
	tr, diags := hcl.AbsTraversalForExpr(idx.Collection)
	if diags.HasErrors() {
		return invalid
	}
	t, ds := addrs.ParseTargetTraversal(tr)
	if ds.HasErrors() || t.IsModule() {
		return invalid
	}
	if _, ok := t.Instance(); ok {
		return invalid
	}
	im.To, im.ToKey = t.Resource(), idx.Key
	return nil
}

// decodeAddrExpr reads an address written as a bare reference
// (module.a, aws_x.y[0]).
func decodeAddrExpr(attr *hcl.Attribute, diags *hcl.Diagnostics) (addrs.Targetable, hcl.Range) {
	rng := attr.Expr.Range()
	tr, ds := hcl.AbsTraversalForExpr(attr.Expr)
	if ds.HasErrors() {
		*diags = append(*diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid address",
			Detail: "This must be a module or resource address, written without quotes, like module.network or aws_s3_bucket.logs[0].", Subject: rng.Ptr()})
		return nil, rng
	}
	t, ds := addrs.ParseTargetTraversal(tr)
	if ds.HasErrors() {
		for _, d := range ds {
			d.Subject = rng.Ptr()
		}
		*diags = append(*diags, ds...)
		return nil, rng
	}
	return t.Subject, rng
}
