package lang

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/lang/funcs"
	"github.com/trueup/trueup/internal/ctyobject"
)

// UnmarkDeep is cty's Value.UnmarkDeep without its cost for a value
// that holds no marks, the common case: cty rebuilds every nested
// collection to drop marks that are not there, which was a tenth of the
// CPU of a plan that reads nothing (`-refresh=changed`). The result is
// the same value either way.
func UnmarkDeep(v cty.Value) (cty.Value, cty.ValueMarks) {
	if !deepMarked(v) {
		return v, cty.ValueMarks{}
	}
	return v.UnmarkDeep()
}

// UnmarkDeepWithPaths is cty's Value.UnmarkDeepWithPaths with the fast
// path of UnmarkDeep: an unmarked value comes back as it is, with no
// paths.
func UnmarkDeepWithPaths(v cty.Value) (cty.Value, []cty.PathValueMarks) {
	if !deepMarked(v) {
		return v, nil
	}
	return v.UnmarkDeepWithPaths()
}

// deepMarked reports whether v or any value nested in it carries a mark.
// It walks objects without allocating, the shape of resource values.
func deepMarked(v cty.Value) bool {
	if v.IsMarked() {
		return true
	}
	if v.IsNull() || !v.IsKnown() {
		return false
	}
	ty := v.Type()
	switch {
	case ty.IsObjectType():
		for name := range ty.AttributeTypes() {
			if deepMarked(ctyobject.GetAttr(v, name)) {
				return true
			}
		}
	case ty.IsTupleType() || ty.IsCollectionType():
		for it := v.ElementIterator(); it.Next(); {
			if _, e := it.Element(); deepMarked(e) {
				return true
			}
		}
	}
	return false
}

// MarkedWith reports whether v or any value inside it carries mark
// (Sensitive, Ephemeral, or both).
func MarkedWith(v cty.Value, mark string) bool { return funcs.MarkedWith(v, mark) }
