package kit

import (
	"math/big"

	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/zclconf/go-cty/cty"
)

// SetAll returns obj with the named attributes replaced by the given values.
func SetAll(obj cty.Value, attrs map[string]cty.Value) cty.Value {
	if len(attrs) == 0 {
		return obj
	}
	// Usually each value has its attribute's type: the object keeps
	// obj's type instead of deriving a new one from every attribute.
	if v, ok := ctyobject.With(obj, attrs); ok {
		return v
	}
	m := attrMap(obj, len(attrs))
	if m == nil {
		m = make(map[string]cty.Value, len(attrs))
	}
	for name, v := range attrs {
		m[name] = v
	}
	return cty.ObjectVal(m)
}

// attrMap is obj.AsValueMap, with room for extra more entries. For a known,
// non-null, unmarked object it reads each attribute directly: AsValueMap
// goes through ElementIterator, which sorts the attribute names and makes
// a string value of each, a third of planning an object with many
// attributes (SetAll runs several times per planned object).
func attrMap(obj cty.Value, extra int) map[string]cty.Value {
	ty := obj.Type()
	if !ty.IsObjectType() || obj.IsMarked() || !obj.IsKnown() || obj.IsNull() {
		return obj.AsValueMap()
	}
	atys := ty.AttributeTypes()
	if len(atys) == 0 {
		return nil
	}
	m := make(map[string]cty.Value, len(atys)+extra)
	for name := range atys {
		m[name] = ctyobject.GetAttr(obj, name)
	}
	return m
}

// Set returns obj with one attribute replaced; obj itself when the
// attribute already holds v (planning an unchanged object sets many
// attributes to what they are, and each copy is a new map).
func Set(obj cty.Value, name string, v cty.Value) cty.Value {
	if obj.IsKnown() && !obj.IsNull() && obj.Type().IsObjectType() && obj.Type().HasAttribute(name) && obj.GetAttr(name).RawEquals(v) {
		return obj
	}
	return SetAll(obj, map[string]cty.Value{name: v})
}

// Usable reports whether v is a value at all, known and not null.
func Usable(v cty.Value) bool { return v != cty.NilVal && v.IsKnown() && !v.IsNull() }

// IsSet reports whether obj's attribute is neither null nor unknown.
func IsSet(obj cty.Value, name string) bool { return Usable(obj.GetAttr(name)) }

// Known reports whether every named attribute of obj is wholly known.
func Known(obj cty.Value, names ...string) bool {
	for _, n := range names {
		if !obj.GetAttr(n).IsWhollyKnown() {
			return false
		}
	}
	return true
}

// String returns a string attribute, or "" when it is null or unknown.
func String(obj cty.Value, name string) string { return Obj(obj).Str(name) }

// Bool returns a bool attribute, or false when it is null or unknown.
func Bool(obj cty.Value, name string) bool { return Obj(obj).Bool(name) }

// Int returns a number attribute truncated to an int64, or 0 when it is null
// or unknown.
func Int(obj cty.Value, name string) int64 { return Obj(obj).Int64(name) }

// IsWhole reports whether a known, non-null number is an integer that fits
// in an int64.
func IsWhole(v cty.Value) bool {
	f := v.AsBigFloat()
	if !f.IsInt() {
		return false
	}
	_, acc := f.Int64()
	return acc == big.Exact
}

// NullUnknowns replaces every unknown inside v by a null of its type: what
// a write that could not be read back records, since state is never unknown.
// A wholly known v (every object a write returned complete) is v itself,
// not a copy of every nested value.
func NullUnknowns(v cty.Value) cty.Value {
	if ctyobject.WhollyKnown(v) {
		return v
	}
	if nulls, ok := unknownAttrs(v); ok {
		return SetAll(v, nulls)
	}
	out, _ := cty.Transform(v, func(_ cty.Path, x cty.Value) (cty.Value, error) {
		if !x.IsKnown() {
			return cty.NullVal(x.Type()), nil
		}
		return x, nil
	})
	return out
}

// unknownAttrs returns null values for the unknown attributes of object v
// when they are all its unknowns: the attributes are unmarked and every
// other one is wholly known, as an object a write returned with a few
// computed attributes it could not read back. NullUnknowns then sets
// them, keeping v's type, instead of transforming every nested value.
func unknownAttrs(v cty.Value) (map[string]cty.Value, bool) {
	if !v.IsKnown() || v.IsNull() || v.IsMarked() || !v.Type().IsObjectType() {
		return nil, false
	}
	nulls := map[string]cty.Value{}
	for name := range v.Type().AttributeTypes() {
		a := ctyobject.GetAttr(v, name)
		switch {
		case a.IsMarked():
			return nil, false
		case !a.IsKnown():
			nulls[name] = cty.NullVal(a.Type())
		case !a.IsWhollyKnown():
			return nil, false
		}
	}
	return nulls, true
}

// KeepIfEqual returns next with prior's value of the string attribute name
// when both are usable and equal(prior, next) holds, so that a spelling the
// API changes (case, a full resource path, JSON formatting) never shows as
// a diff; otherwise next unchanged. A null or unknown prior changes nothing.
func KeepIfEqual(prior, next cty.Value, name string, equal func(a, b string) bool) cty.Value {
	if prior.IsNull() || !prior.IsKnown() {
		return next
	}
	pv, nv := prior.GetAttr(name), next.GetAttr(name)
	if Usable(pv) && Usable(nv) && !pv.RawEquals(nv) && equal(pv.AsString(), nv.AsString()) {
		return Set(next, name, pv)
	}
	return next
}
