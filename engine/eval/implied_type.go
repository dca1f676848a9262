package eval

import (
	"github.com/trueup/trueup/internal/ctyobject"

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

// OfImpliedType returns v with the evaluator's type for b (ImpliedType)
// when v's type equals it, and v unchanged otherwise. A provider's
// planned or applied object is built with cty.ObjectVal, which derives a
// new object type (a map of attribute types, and the types of its nested
// attributes) for every object: a plan or an apply of N instances held N
// copies of it (about 300 bytes and four allocations each for a
// null_resource) in the changes and the evaluator's values. Values of
// equal types are interchangeable, so the result is the same value; only
// the top level carries the type (an object's attributes are held as
// their internals), and marks stay as they are.
func (ev *Evaluator) OfImpliedType(b *schema.Block, v cty.Value) cty.Value {
	return withType(v, ev.ImpliedType(b))
}

// withType returns v with its type replaced by ty when the two are equal
// object types, as cty.Value's layout allows (ctyobject.LayoutOK).
func withType(v cty.Value, ty cty.Type) cty.Value {
	vt := v.Type()
	if !ctyobject.LayoutOK || !ty.IsObjectType() || !vt.IsObjectType() || !vt.Equals(ty) {
		return v
	}
	return ctyobject.WithType(v, ty)
}
