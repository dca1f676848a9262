package lang

import (
	"reflect"
	"unsafe"

	"github.com/zclconf/go-cty/cty"
)

// cty.ObjectVal derives an object's type from its attributes' values: a
// map of types with every name normalized, then the type, then the map of
// values, for every object. The plain decoder's objects have one type per
// prepared body when each attribute's value has exactly its spec's type
// (no dynamic or optional parts), so it builds them as cty.ObjectVal
// would, with that type made once: the type and one map of the values'
// internals. That needs cty.Value's layout, {ty Type; v any}, which is
// unexported; objectLayoutOK checks it at start, and without it the
// decoder uses cty.ObjectVal. engine/eval's state decoder does the same
// (jsondecode_object.go).

// ctyValueLayout mirrors cty.Value's fields.
type ctyValueLayout struct {
	ty cty.Type
	v  any
}

// objectLayoutOK reports whether cty.Value is laid out as ctyValueLayout.
var objectLayoutOK = func() bool {
	rt, mine := reflect.TypeFor[cty.Value](), reflect.TypeFor[ctyValueLayout]()
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

// rawOf is v's internal value, as cty.ObjectVal stores an attribute's
// (marks included).
func rawOf(v cty.Value) any {
	return (*ctyValueLayout)(unsafe.Pointer(&v)).v
}

// objectOfType is the object of type ty with the attributes raw (the
// internals of values of exactly ty's attribute types, by ty's attribute
// names): cty.ObjectVal's value, with ty shared.
func objectOfType(ty cty.Type, raw map[string]any) cty.Value {
	v := ctyValueLayout{ty: ty, v: raw}
	return *(*cty.Value)(unsafe.Pointer(&v))
}

// exactType reports whether a value converted to ty has exactly type ty:
// ty has no dynamic parts (a value of any type) and no optional
// attributes (which conversion drops).
func exactType(ty cty.Type) bool {
	return !ty.HasDynamicTypes() && ty.Equals(ty.WithoutOptionalAttributesDeep())
}
