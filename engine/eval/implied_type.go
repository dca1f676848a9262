package eval

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// ImpliedType is b.ImpliedType(), built once per block for the
// evaluator's run. schema.Block builds a new object type (a new map of
// attribute types) at each call; a null or unknown value made from it
// keeps it, so a plan of N instances held N copies of each resource
// type's type (12 MB at 30,000 null_resources). The blocks are the
// providers' schemas, which do not change during a run.
func (ev *Evaluator) ImpliedType(b *schema.Block) cty.Type {
	if t, ok := ev.types.Load(b); ok {
		return t.(cty.Type)
	}
	t, _ := ev.types.LoadOrStore(b, b.ImpliedType())
	return t.(cty.Type)
}
