package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hcldec"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/schema"
)

// ReferencesInExpr returns the references in expr, in source order, with
// an error for each traversal that cannot be a reference (var alone,
// data.x, ...). A nil expression has none.
func ReferencesInExpr(expr hcl.Expression) ([]*addrs.Reference, hcl.Diagnostics) {
	if expr == nil {
		return nil, nil
	}
	return referencesFromTraversals(expr.Variables())
}

// ReferencesInBlock returns the references in body as decoded with b,
// including those inside dynamic blocks (for_each, labels and content,
// without the iterator's own name). When b is nil, it walks every
// argument and nested block of the body as written.
func ReferencesInBlock(body hcl.Body, b *schema.Block) ([]*addrs.Reference, hcl.Diagnostics) {
	if body == nil {
		return nil, nil
	}
	if b == nil {
		return referencesFromTraversals(walkVariables(dynblock.WalkVariables(body), body))
	}
	if vars, ok := plainVariables(body, b); ok {
		return referencesFromTraversals(vars)
	}
	return referencesInBlockSpec(body, b, DecoderSpec(b))
}

// referencesInBlockSpec is ReferencesInBlock with b's DecoderSpec given.
func referencesInBlockSpec(body hcl.Body, b *schema.Block, spec hcldec.Spec) ([]*addrs.Reference, hcl.Diagnostics) {
	if vars, ok := plainVariables(body, b); ok {
		return referencesFromTraversals(vars)
	}
	return referencesFromTraversals(dynblock.VariablesHCLDec(body, spec))
}

func referencesFromTraversals(traversals []hcl.Traversal) ([]*addrs.Reference, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	refs := make([]*addrs.Reference, 0, len(traversals))
	for _, t := range traversals {
		ref, refDiags := addrs.ParseRef(t)
		diags = append(diags, refDiags...)
		if ref != nil {
			refs = append(refs, ref)
		}
	}
	return refs, diags
}

// walkVariables collects the traversals of body (node's body), whose
// schema is not known, deriving each level's schema from the body itself.
func walkVariables(node dynblock.WalkVariablesNode, body hcl.Body) []hcl.Traversal {
	vars, children := node.Visit(impliedSchema(body))
	for _, child := range children {
		vars = append(vars, walkVariables(child.Node, child.Body())...)
	}
	return vars
}

// impliedSchema returns a schema that matches whatever body holds. Native
// syntax bodies list their own arguments and blocks; other bodies (JSON)
// are read as arguments only, which still finds every reference outside
// JSON dynamic blocks.
func impliedSchema(body hcl.Body) *hcl.BodySchema {
	schema := &hcl.BodySchema{}
	if sb, ok := config.SyntaxBody(body); ok {
		for name := range sb.Attributes {
			schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
		}
		seen := map[string]bool{"dynamic": true}
		for _, blk := range sb.Blocks {
			if seen[blk.Type] {
				continue
			}
			seen[blk.Type] = true
			schema.Blocks = append(schema.Blocks, hcl.BlockHeaderSchema{Type: blk.Type, LabelNames: make([]string, len(blk.Labels))})
		}
		return schema
	}
	attrs, _ := body.JustAttributes()
	for name := range attrs {
		if name != "dynamic" {
			schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
		}
	}
	return schema
}
