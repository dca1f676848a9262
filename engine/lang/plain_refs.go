package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/schema"
)

// The reference walk of a body decoded with a schema
// (dynblock.VariablesHCLDec) asks the body for its content with
// PartialContent at each level. For a native-syntax body, that copies the
// body with two new maps of hidden names and every attribute as an
// hcl.Attribute, and the schema is derived from the decoder spec again:
// over a plan and an apply, each resource body was walked four times (the
// plan's and the apply's graph, the plan's and the apply's evaluation),
// 75 of the 750 MB a 10,000-resource apply allocated, all of it garbage
// that the walk's concurrent collections keep as floating garbage.
//
// A resource body without nested blocks has nothing else to walk: its
// references are those of its visible attributes that b declares, which
// plainVariables reads in place. Which attributes it hides (its
// meta-arguments) the config.RemainBody says; any other body (a
// remainder from hcl's PartialContent, whose hidden names are private to
// hcl, JSON, a body with nested blocks) takes the walk.

// plainVariables returns the traversals that dynblock.VariablesHCLDec
// finds in body decoded with b's DecoderSpec, when body is a resource
// body without nested blocks (hidden or not); ok is false otherwise, and
// the caller walks it as before. The order is the map's, as the walk's
// is.
func plainVariables(body hcl.Body, b *schema.Block) (vars []hcl.Traversal, ok bool) {
	rb, ok := plainBlockless(body)
	if !ok || b == nil {
		return nil, false
	}
	for name, attr := range rb.Syntax.Attributes {
		if _, declared := b.Attributes[name]; !declared || rb.HidesAttribute(name) {
			continue
		}
		vars = append(vars, attr.Expr.Variables()...)
	}
	return vars, true
}

// plainBlockless reports whether body is a resource body (a
// config.RemainBody) without nested blocks: what plainVariables and
// plainAttribute read in place.
func plainBlockless(body hcl.Body) (*config.RemainBody, bool) {
	rb, ok := body.(*config.RemainBody)
	if !ok || len(rb.Syntax.Blocks) > 0 {
		return nil, false
	}
	return rb, true
}

// plainAttribute returns the attribute name of rb (from plainBlockless)
// as PartialContent would list it: nil when absent or hidden.
func plainAttribute(rb *config.RemainBody, name string) *hclsyntax.Attribute {
	attr, ok := rb.Syntax.Attributes[name]
	if !ok || rb.HidesAttribute(name) {
		return nil
	}
	return attr
}
