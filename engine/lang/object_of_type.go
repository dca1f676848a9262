package lang

import (
	"github.com/zclconf/go-cty/cty"
)

// cty.ObjectVal derives an object's type from its attributes' values: a
// map of types with every name normalized, then the type, then the map of
// values, for every object. The plain decoder's objects have one type per
// prepared body when each attribute's value has exactly its spec's type
// (no dynamic or optional parts), so it builds them as cty.ObjectVal
// would, with that type made once: the type and one map of the values'
// internals (internal/ctyobject, which engine/eval's state decoder uses
// too); when cty.Value's layout is not the one it knows, the decoder uses
// cty.ObjectVal.

// exactType reports whether a value converted to ty has exactly type ty:
// ty has no dynamic parts (a value of any type) and no optional
// attributes (which conversion drops).
func exactType(ty cty.Type) bool {
	return !ty.HasDynamicTypes() && ty.Equals(ty.WithoutOptionalAttributesDeep())
}
