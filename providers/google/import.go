package google

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// stubOf is an object of block's type with the given attributes set and
// everything else null (nested list blocks empty): what Read completes.
func stubOf(block *schema.Block, vals map[string]cty.Value) cty.Value {
	attrs := make(map[string]cty.Value, len(block.Attributes)+len(block.BlockTypes))
	for name, a := range block.Attributes {
		attrs[name] = cty.NullVal(a.Type)
	}
	for name, nb := range block.BlockTypes {
		if nb.Nesting == schema.NestingList {
			attrs[name] = cty.ListValEmpty(nb.Block.ImpliedType())
		} else {
			attrs[name] = cty.NullVal(nb.ImpliedType())
		}
	}
	for name, v := range vals {
		attrs[name] = v
	}
	return cty.ObjectVal(attrs)
}
