package eval

import (
	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/zclconf/go-cty/cty"
)

// An object of a known type is built here without cty.ObjectVal, which
// derives the object's type from its attribute values: three maps
// (types, values, names normalized) per object, for every object of the
// state, and the largest allocation of decoding it (15% of the CPU of a
// -refresh=changed plan of 10,000 aws_s3_objects, and a type map held by
// every decoded object). The decoder knows the type: its values have
// exactly the attribute types of ty (it takes no type with dynamic
// parts), so the object is ty and one map of the values' internals, as
// cty.ObjectVal would make it, with ty shared.
//
// internal/ctyobject builds it; the builder falls back to cty.ObjectVal
// when cty.Value's layout is not the one ctyobject knows, or ty has
// optional attributes.

// objectBuilder collects the attributes of one object of type ty.
type objectBuilder struct {
	ty   cty.Type
	fast bool
	raw  map[string]any       // fast: the values' internals
	vals map[string]cty.Value // otherwise
}

func newObjectBuilder(ty cty.Type) *objectBuilder {
	n := len(ty.AttributeTypes())
	if ctyobject.LayoutOK && len(ty.OptionalAttributes()) == 0 {
		return &objectBuilder{ty: ty, fast: true, raw: make(map[string]any, n)}
	}
	return &objectBuilder{ty: ty, vals: make(map[string]cty.Value, n)}
}

// set sets attribute name, whose type must be ty's for it.
func (b *objectBuilder) set(name string, v cty.Value) {
	if b.fast {
		b.raw[name] = ctyobject.Raw(v)
		return
	}
	b.vals[name] = v
}

// has reports whether attribute name is set.
func (b *objectBuilder) has(name string) bool {
	if b.fast {
		_, ok := b.raw[name]
		return ok
	}
	_, ok := b.vals[name]
	return ok
}

// value is the object.
func (b *objectBuilder) value() cty.Value {
	if b.fast {
		return ctyobject.Of(b.ty, b.raw)
	}
	return cty.ObjectVal(b.vals)
}
