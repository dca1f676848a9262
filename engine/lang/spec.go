package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// DecoderSpec returns the hcldec specification that decodes a body
// written for b into a value of b.ImpliedType(). Nested list and map
// blocks whose contents have dynamic types decode to tuples and objects,
// as in Terraform, because their elements may differ in type.
func DecoderSpec(b *schema.Block) hcldec.Spec {
	spec := hcldec.ObjectSpec{}
	if b == nil {
		return spec
	}
	for name, a := range b.Attributes {
		ty := a.Type
		if a.ConfigType != cty.NilType {
			ty = a.ConfigType
		}
		spec[name] = &hcldec.AttrSpec{Name: name, Type: ty, Required: a.Required}
	}
	for name, nb := range b.BlockTypes {
		spec[name] = nestedBlockSpec(name, nb)
	}
	return spec
}

func nestedBlockSpec(name string, nb *schema.NestedBlock) hcldec.Spec {
	child := DecoderSpec(&nb.Block)
	dynamic := nb.Block.ImpliedType().HasDynamicTypes()
	switch nb.Nesting {
	case schema.NestingList:
		if dynamic {
			return &hcldec.BlockTupleSpec{TypeName: name, Nested: child, MinItems: nb.MinItems, MaxItems: nb.MaxItems}
		}
		return &hcldec.BlockListSpec{TypeName: name, Nested: child, MinItems: nb.MinItems, MaxItems: nb.MaxItems}
	case schema.NestingSet:
		return &hcldec.BlockSetSpec{TypeName: name, Nested: child, MinItems: nb.MinItems, MaxItems: nb.MaxItems}
	case schema.NestingMap:
		if dynamic {
			return &hcldec.BlockObjectSpec{TypeName: name, Nested: child, LabelNames: []string{"key"}}
		}
		return &hcldec.BlockMapSpec{TypeName: name, Nested: child, LabelNames: []string{"key"}}
	default:
		return &hcldec.BlockSpec{TypeName: name, Nested: child, Required: nb.MinItems == 1}
	}
}

// checkUnconfigurable reports values given for computed-only attributes,
// at any depth of nested blocks. It asks the body only for those
// attributes and for the nested blocks that can hold one, and nothing
// when b has none: it runs for every instance of a resource.
func checkUnconfigurable(body hcl.Body, b *schema.Block) hcl.Diagnostics {
	bs := unconfigurableSchema(b)
	if bs == nil {
		return nil
	}
	var diags hcl.Diagnostics
	if sb, ok := plainBlockless(body); ok {
		// What PartialContent would list, without copying the body
		// (plain_refs.go): no nested block can hold one.
		for _, as := range bs.Attributes {
			if attr := plainAttribute(sb, as.Name); attr != nil {
				diags = append(diags, unconfigurableDiag(as.Name, attr.SrcRange))
			}
		}
		return diags
	}
	content, _, _ := body.PartialContent(bs)
	if content == nil {
		return nil
	}
	for name, attr := range content.Attributes {
		diags = append(diags, unconfigurableDiag(name, attr.Range))
	}
	for _, blk := range content.Blocks {
		diags = append(diags, checkUnconfigurable(blk.Body, &b.BlockTypes[blk.Type].Block)...)
	}
	return diags
}

// unconfigurableDiag is the error for a value given to computed-only
// attribute name at rng.
func unconfigurableDiag(name string, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Value for unconfigurable attribute",
		Detail:   fmt.Sprintf("Can't configure a value for %q: its value will be decided automatically based on the result of applying this configuration.", name),
		Subject:  rng.Ptr(),
	}
}

// unconfigurableSchema is the body schema of b's computed-only attributes
// and of its nested block types that have such attributes at some depth;
// nil when there are none.
func unconfigurableSchema(b *schema.Block) *hcl.BodySchema {
	var bs *hcl.BodySchema
	for name, a := range b.Attributes {
		if a.Computed && !a.Optional && !a.Required {
			if bs == nil {
				bs = &hcl.BodySchema{}
			}
			bs.Attributes = append(bs.Attributes, hcl.AttributeSchema{Name: name})
		}
	}
	for name, nb := range b.BlockTypes {
		if !hasUnconfigurable(&nb.Block) {
			continue
		}
		hs := hcl.BlockHeaderSchema{Type: name}
		if nb.Nesting == schema.NestingMap {
			hs.LabelNames = []string{"key"}
		}
		if bs == nil {
			bs = &hcl.BodySchema{}
		}
		bs.Blocks = append(bs.Blocks, hs)
	}
	return bs
}

// hasUnconfigurable reports whether b or a block nested in it has a
// computed-only attribute.
func hasUnconfigurable(b *schema.Block) bool {
	for _, a := range b.Attributes {
		if a.Computed && !a.Optional && !a.Required {
			return true
		}
	}
	for _, nb := range b.BlockTypes {
		if hasUnconfigurable(&nb.Block) {
			return true
		}
	}
	return false
}
