package encryption

import "github.com/hashicorp/hcl/v2"

// overrideBody is a block body with another laid over it: an argument set
// in over replaces base's, and nested blocks of a type over has replace
// base's of that type. It is how TF_ENCRYPTION changes one argument of a
// key provider declared in the configuration.
type overrideBody struct {
	base, over hcl.Body
}

var _ hcl.Body = overrideBody{}

// Content decodes the merged body against schema; an argument neither
// body may have is an error in the body that has it.
func (b overrideBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	relaxed := relaxedSchema(schema)
	bc, diags := b.base.Content(relaxed)
	oc, d := b.over.Content(relaxed)
	diags = append(diags, d...)
	content := mergeContent(bc, oc)
	for _, a := range schema.Attributes {
		if _, ok := content.Attributes[a.Name]; !ok && a.Required {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing required argument",
				Detail: "The argument \"" + a.Name + "\" is required, but no definition was found.", Subject: b.MissingItemRange().Ptr()})
		}
	}
	return content, diags
}

// relaxedSchema is schema with nothing required.
func relaxedSchema(schema *hcl.BodySchema) *hcl.BodySchema {
	out := &hcl.BodySchema{Blocks: schema.Blocks}
	for _, a := range schema.Attributes {
		out.Attributes = append(out.Attributes, hcl.AttributeSchema{Name: a.Name})
	}
	return out
}

// PartialContent decodes what schema names from both bodies, over's
// winning.
func (b overrideBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	relaxed := relaxedSchema(schema)
	bc, brest, diags := b.base.PartialContent(relaxed)
	oc, orest, d := b.over.PartialContent(relaxed)
	diags = append(diags, d...)
	return mergeContent(bc, oc), overrideBody{brest, orest}, diags
}

// mergeContent lays oc over bc.
func mergeContent(bc, oc *hcl.BodyContent) *hcl.BodyContent {
	out := &hcl.BodyContent{Attributes: hcl.Attributes{}, MissingItemRange: bc.MissingItemRange}
	for k, v := range bc.Attributes {
		out.Attributes[k] = v
	}
	for k, v := range oc.Attributes {
		out.Attributes[k] = v
	}
	overTypes := map[string]bool{}
	for _, blk := range oc.Blocks {
		overTypes[blk.Type] = true
	}
	for _, blk := range bc.Blocks {
		if !overTypes[blk.Type] {
			out.Blocks = append(out.Blocks, blk)
		}
	}
	out.Blocks = append(out.Blocks, oc.Blocks...)
	return out
}

// JustAttributes returns both bodies' attributes, over's winning.
func (b overrideBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	ba, diags := b.base.JustAttributes()
	oa, d := b.over.JustAttributes()
	diags = append(diags, d...)
	out := hcl.Attributes{}
	for k, v := range ba {
		out[k] = v
	}
	for k, v := range oa {
		out[k] = v
	}
	return out, diags
}

// MissingItemRange is the base body's.
func (b overrideBody) MissingItemRange() hcl.Range { return b.base.MissingItemRange() }
