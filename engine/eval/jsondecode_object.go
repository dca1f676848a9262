package eval

import (
	"reflect"
	"unsafe"

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
// That needs cty.Value's layout, {ty Type; v any}, which is unexported:
// ctyLayoutOK checks it at start, and objectOfType falls back to
// cty.ObjectVal when it differs or ty has optional attributes.

// ctyValue mirrors cty.Value's fields.
type ctyValue struct {
	ty cty.Type
	v  any
}

// ctyLayoutOK reports whether cty.Value is laid out as ctyValue.
var ctyLayoutOK = func() bool {
	rt, mine := reflect.TypeFor[cty.Value](), reflect.TypeFor[ctyValue]()
	if rt.NumField() != 2 || rt.Size() != mine.Size() {
		return false
	}
	for i := range 2 {
		f, m := rt.Field(i), mine.Field(i)
		if f.Name != m.Name || f.Type != m.Type || f.Offset != m.Offset {
			return false
		}
	}
	return true
}()

// objectBuilder collects the attributes of one object of type ty.
type objectBuilder struct {
	ty   cty.Type
	fast bool
	raw  map[string]any       // fast: the values' internals
	vals map[string]cty.Value // otherwise
}

func newObjectBuilder(ty cty.Type) *objectBuilder {
	n := len(ty.AttributeTypes())
	if ctyLayoutOK && len(ty.OptionalAttributes()) == 0 {
		return &objectBuilder{ty: ty, fast: true, raw: make(map[string]any, n)}
	}
	return &objectBuilder{ty: ty, vals: make(map[string]cty.Value, n)}
}

// set sets attribute name, whose type must be ty's for it.
func (b *objectBuilder) set(name string, v cty.Value) {
	if b.fast {
		b.raw[name] = (*ctyValue)(unsafe.Pointer(&v)).v
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
		v := ctyValue{ty: b.ty, v: b.raw}
		return *(*cty.Value)(unsafe.Pointer(&v))
	}
	return cty.ObjectVal(b.vals)
}
