package config

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/addrs"
)

// RemainBody is the body of a native-syntax resource or data block without
// its meta-arguments (count, for_each, provider, depends_on, and the
// lifecycle, connection and provisioner blocks): what hcl's PartialContent
// returns as the remainder, without its copy.
//
// That remainder is a new hclsyntax.Body with two maps of hidden names,
// a few hundred bytes a resource that the configuration held for the whole
// run, and which names it hides is private to hcl. A RemainBody keeps the
// block's parsed body as it is and hides the meta-argument names itself,
// so engine/lang reads its arguments in place (HidesAttribute) without
// reading hcl's private fields.
//
// As an hcl.Body it answers as the remainder would; Content reads a body
// without nested blocks in place, anything else asks the remainder, built
// again for that call.
type RemainBody struct {
	// Syntax is the block's whole body, meta-arguments included.
	Syntax *hclsyntax.Body
	// meta is the schema of the meta-arguments it hides: managedMetaSchema
	// or dataMetaSchema.
	meta *hcl.BodySchema
}

// HideMetaArguments returns the body of a resource (mode) block without its
// meta-arguments.
func HideMetaArguments(body *hclsyntax.Body, mode addrs.ResourceMode) *RemainBody {
	rb := &RemainBody{}
	rb.init(body, mode)
	return rb
}

func (b *RemainBody) init(body *hclsyntax.Body, mode addrs.ResourceMode) {
	b.Syntax, b.meta = body, managedMetaSchema
	if mode != addrs.ManagedResourceMode {
		b.meta = dataMetaSchema
	}
}

// SyntaxBody returns the native-syntax body behind body: body itself, or a
// RemainBody's whole body, whose Attributes and Blocks list the hidden
// meta-arguments too (as the Attributes of PartialContent's remainder do).
// ok is false for any other body (JSON, merged).
func SyntaxBody(body hcl.Body) (sb *hclsyntax.Body, ok bool) {
	switch b := body.(type) {
	case *hclsyntax.Body:
		return b, true
	case *RemainBody:
		return b.Syntax, true
	}
	return nil, false
}

// HidesAttribute reports whether the body hides the argument name (a
// meta-argument).
func (b *RemainBody) HidesAttribute(name string) bool {
	return slices.ContainsFunc(b.meta.Attributes, func(a hcl.AttributeSchema) bool { return a.Name == name })
}

// HidesBlock reports whether the body hides the blocks of type typ.
func (b *RemainBody) HidesBlock(typ string) bool {
	return slices.ContainsFunc(b.meta.Blocks, func(s hcl.BlockHeaderSchema) bool { return s.Type == typ })
}

// remain is hcl's remainder: Syntax less the meta-arguments.
func (b *RemainBody) remain() hcl.Body {
	_, remain, _ := b.Syntax.PartialContent(b.meta)
	return remain
}

// Content is the remainder's Content. A body without nested blocks whose
// every visible argument schema declares, and that has every required one,
// is read in place: hcl's would copy the body twice to tell the same.
// Anything else (an error to report, nested blocks) asks the remainder.
func (b *RemainBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	if c, ok := b.plainContent(schema); ok {
		return c, nil
	}
	return b.remain().Content(schema)
}

// plainContent is Content of a body without nested blocks that gives no
// diagnostic; ok is false when that cannot be told without hcl.
func (b *RemainBody) plainContent(schema *hcl.BodySchema) (*hcl.BodyContent, bool) {
	sb := b.Syntax
	if len(sb.Blocks) > 0 {
		return nil, false
	}
	attrs := make(hcl.Attributes, len(schema.Attributes))
	for _, as := range schema.Attributes {
		attr, exists := sb.Attributes[as.Name]
		if !exists || b.HidesAttribute(as.Name) {
			if as.Required {
				return nil, false // "Missing required argument"
			}
			continue
		}
		attrs[as.Name] = attr.AsHCLAttribute()
	}
	for name := range sb.Attributes {
		if _, read := attrs[name]; !read && !b.HidesAttribute(name) {
			return nil, false // "Unsupported argument"
		}
	}
	return &hcl.BodyContent{Attributes: attrs, MissingItemRange: sb.MissingItemRange()}, true
}

// PartialContent is the remainder's PartialContent.
func (b *RemainBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	return b.remain().PartialContent(schema)
}

// JustAttributes is the remainder's JustAttributes.
func (b *RemainBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	return b.remain().JustAttributes()
}

// MissingItemRange is the body's.
func (b *RemainBody) MissingItemRange() hcl.Range {
	return b.Syntax.MissingItemRange()
}
