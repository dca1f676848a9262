package config

import (
	"github.com/hashicorp/hcl/v2"
)

// mergedBody is an hcl.Body made of a base body and an override body, for
// override files in JSON (native-syntax pairs are merged into a real
// hclsyntax.Body instead): the override's arguments replace the base's, and
// its nested blocks replace every base block of their type.
type mergedBody struct {
	base, override hcl.Body
	// mergeLifecycle merges lifecycle blocks argument by argument.
	mergeLifecycle bool
}

var _ hcl.Body = (*mergedBody)(nil)

// Content implements hcl.Body.
func (b *mergedBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	base, diags := b.base.Content(schema)
	ov, moreDiags := b.override.Content(optional(schema))
	return b.merge(base, ov), append(diags, moreDiags...)
}

// PartialContent implements hcl.Body.
func (b *mergedBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	base, baseRemain, diags := b.base.PartialContent(schema)
	ov, ovRemain, moreDiags := b.override.PartialContent(optional(schema))
	remain := &mergedBody{base: baseRemain, override: ovRemain}
	return b.merge(base, ov), remain, append(diags, moreDiags...)
}

// JustAttributes implements hcl.Body.
func (b *mergedBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	attrs, diags := b.base.JustAttributes()
	ov, moreDiags := b.override.JustAttributes()
	out := hcl.Attributes{}
	for n, a := range attrs {
		out[n] = a
	}
	for n, a := range ov {
		out[n] = a
	}
	return out, append(diags, moreDiags...)
}

// MissingItemRange implements hcl.Body.
func (b *mergedBody) MissingItemRange() hcl.Range { return b.base.MissingItemRange() }

func (b *mergedBody) merge(base, ov *hcl.BodyContent) *hcl.BodyContent {
	out := &hcl.BodyContent{Attributes: hcl.Attributes{}, MissingItemRange: base.MissingItemRange}
	for n, a := range base.Attributes {
		out.Attributes[n] = a
	}
	for n, a := range ov.Attributes {
		out.Attributes[n] = a
	}
	replaced := map[string]bool{}
	for _, blk := range ov.Blocks {
		replaced[blk.Type] = true
	}
	var baseLifecycle *hcl.Block
	for _, blk := range base.Blocks {
		if blk.Type == "lifecycle" {
			baseLifecycle = blk
		}
		if !replaced[blk.Type] {
			out.Blocks = append(out.Blocks, blk)
		}
	}
	for _, blk := range ov.Blocks {
		if b.mergeLifecycle && blk.Type == "lifecycle" && baseLifecycle != nil {
			blk = &hcl.Block{Type: blk.Type, Body: &mergedBody{base: baseLifecycle.Body, override: blk.Body},
				DefRange: baseLifecycle.DefRange, TypeRange: baseLifecycle.TypeRange}
		}
		out.Blocks = append(out.Blocks, blk)
	}
	return out
}

// optional returns schema with no argument required: an override sets only
// what it changes.
func optional(schema *hcl.BodySchema) *hcl.BodySchema {
	out := &hcl.BodySchema{Blocks: schema.Blocks}
	for _, a := range schema.Attributes {
		a.Required = false
		out.Attributes = append(out.Attributes, a)
	}
	return out
}
