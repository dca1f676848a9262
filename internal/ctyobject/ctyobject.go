// Package ctyobject builds cty object values whose type is already known.
//
// cty.ObjectVal derives an object's type from its attributes' values: a
// map of types with every name normalized, then the type, then the map of
// values, for every object. A decoder that knows the type (the state
// decoder, the plain configuration decoder) builds the same value as the
// type, made once, and one map of the attribute values' internals. That
// needs cty.Value's layout, {ty Type; v any}, which is unexported:
// LayoutOK checks it at start, and a caller uses cty.ObjectVal when it is
// false.
//
// It imports only cty and the standard library, and must never import
// anything of trueup's.
package ctyobject

import (
	"maps"
	"reflect"
	"unsafe"

	"github.com/zclconf/go-cty/cty"
)

// value mirrors cty.Value's fields.
type value struct {
	ty cty.Type
	v  any
}

// LayoutOK reports whether cty.Value is laid out as this package expects;
// Raw, Of and WithType must not be called when it is false (the other
// functions check it).
var LayoutOK = func() bool {
	rt, mine := reflect.TypeFor[cty.Value](), reflect.TypeFor[value]()
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

// Raw is v's internal value, as cty.ObjectVal stores an attribute's
// (marks included).
func Raw(v cty.Value) any {
	return (*value)(unsafe.Pointer(&v)).v
}

// Of is the object of type ty with the attributes raw: the internals
// (Raw) of values of exactly ty's attribute types, by ty's attribute
// names, which must be normalized (cty.NormalizeString). It is
// cty.ObjectVal's value, with ty shared. ty must have no optional
// attributes (cty.ObjectVal's objects have none).
func Of(ty cty.Type, raw map[string]any) cty.Value { return valueOf(ty, raw) }

// valueOf is the cty.Value of type ty with internals v.
func valueOf(ty cty.Type, v any) cty.Value {
	x := value{ty: ty, v: v}
	return *(*cty.Value)(unsafe.Pointer(&x))
}

// WithType is v with its type replaced by ty, which must equal v's type
// (cty.Type.Equals): values of equal types are interchangeable, and a
// shared ty spares each value a copy of its own.
func WithType(v cty.Value, ty cty.Type) cty.Value {
	(*value)(unsafe.Pointer(&v)).ty = ty
	return v
}

// OfValues is cty.ObjectVal(attrs) built with type ty when attrs are
// exactly ty's attributes, each of exactly its type; ok is false
// otherwise (or when LayoutOK is false), and the caller uses
// cty.ObjectVal.
func OfValues(ty cty.Type, attrs map[string]cty.Value) (v cty.Value, ok bool) {
	if !LayoutOK || !ty.IsObjectType() || len(ty.AttributeTypes()) != len(attrs) || !ofTypes(ty, attrs) {
		return cty.NilVal, false
	}
	raw := make(map[string]any, len(attrs))
	for name, v := range attrs {
		raw[name] = Raw(v)
	}
	return Of(ty, raw), true
}

// With is obj with the attributes attrs replaced, keeping obj's type, when
// obj is a known, unmarked, non-null object and each value has exactly
// the type of the attribute it replaces (a provider's plan setting its
// computed attributes): only the map of internals is copied, where
// cty.ObjectVal would derive a new type from every attribute. ok is false
// otherwise (or when LayoutOK is false), and the caller builds the object
// with cty.ObjectVal.
func With(obj cty.Value, attrs map[string]cty.Value) (v cty.Value, ok bool) {
	old, ok := Internals(obj)
	if !ok || !ofTypes(obj.Type(), attrs) {
		return cty.NilVal, false
	}
	raw := maps.Clone(old) // copies the table whole, without rehashing
	for name, v := range attrs {
		raw[name] = Raw(v)
	}
	return Of(obj.Type(), raw), true
}

// SamePlain is RawEquals of two values of one type given by their
// internals (Internals), where the internals alone tell: two nulls, a
// null and anything else, two plain strings, two plain bools. ok is false
// for anything else (a number, a collection, an unknown, a marked value):
// the caller compares those values itself.
func SamePlain(x, y any) (same, ok bool) {
	if x == nil || y == nil {
		// Only a null has nil internals: an unknown's and a marked
		// value's are not.
		return x == nil && y == nil, true
	}
	if same, ok := sameInternals[string](x, y); ok {
		return same, true
	}
	return sameInternals[bool](x, y)
}

// Internals is the map of attribute internals of obj, a known, unmarked,
// non-null object, by attribute name, for SamePlain. ok is false for
// anything else, or when LayoutOK is false. The map is obj's own: it
// must not be changed.
func Internals(obj cty.Value) (map[string]any, bool) {
	if !LayoutOK || !obj.Type().IsObjectType() || obj.IsMarked() || obj.IsNull() || !obj.IsKnown() {
		return nil, false
	}
	raw, ok := Raw(obj).(map[string]any)
	return raw, ok
}

// ofTypes reports whether each of attrs names an attribute of object type
// ty (its name normalized, as ty's are) and has exactly its type.
func ofTypes(ty cty.Type, attrs map[string]cty.Value) bool {
	atys := ty.AttributeTypes()
	for name, v := range attrs {
		aty, ok := atys[name]
		if !ok || !v.Type().Equals(aty) {
			return false
		}
	}
	return true
}

// Attr is obj.GetAttr(name) for a known, unmarked, non-null object obj
// and a name of its type, given normalized (cty.NormalizeString; a
// schema's or a value's own names are): GetAttr normalizes the name three
// times over, which was a sixth of rendering a plan. ok is false for
// anything else (or when LayoutOK is false), and the caller uses GetAttr.
func Attr(obj cty.Value, name string) (attr cty.Value, ok bool) {
	raw, ok := Internals(obj)
	if !ok {
		return cty.NilVal, false
	}
	ty, ok := obj.Type().AttributeTypes()[name]
	if !ok {
		return cty.NilVal, false
	}
	return valueOf(ty, raw[name]), true
}

// GetAttr is obj.GetAttr(name), through Attr where it applies.
func GetAttr(obj cty.Value, name string) cty.Value {
	if v, ok := Attr(obj, name); ok {
		return v
	}
	return obj.GetAttr(name)
}

// Equal is a.RawEquals(b), quicker for two known, unmarked, non-null
// objects: their types are compared once, and their attributes by their
// internals where they can be (equalInternals), where RawEquals compares
// the types again at every attribute and builds a cty.Bool for each.
func Equal(a, b cty.Value) bool {
	ra, okA := Internals(a)
	rb, okB := Internals(b)
	if !okA || !okB {
		return a.RawEquals(b)
	}
	if !a.Type().Equals(b.Type()) {
		return false
	}
	for name, ty := range a.Type().AttributeTypes() {
		if !equalInternals(ty, ra[name], rb[name]) {
			return false
		}
	}
	return true
}

// EqualAttrs reports whether a.GetAttr(name).RawEquals(b.GetAttr(name))
// for each of names, attributes of both objects given normalized: for
// two known, unmarked, non-null objects it reads each attribute's type
// and internals from their maps (equalInternals), where GetAttr looks the
// object's internals up again for every attribute, and RawEquals builds
// a cty.Bool for each.
func EqualAttrs(a, b cty.Value, names []string) bool {
	ra, okA := Internals(a)
	rb, okB := Internals(b)
	if !okA || !okB {
		for _, name := range names {
			if !GetAttr(a, name).RawEquals(GetAttr(b, name)) {
				return false
			}
		}
		return true
	}
	ta, tb := a.Type().AttributeTypes(), b.Type().AttributeTypes()
	for _, name := range names {
		tya, okA := ta[name]
		tyb, okB := tb[name]
		if !okA || !okB {
			return a.GetAttr(name).RawEquals(b.GetAttr(name)) // panics as GetAttr does
		}
		if !tya.Equals(tyb) || !equalInternals(tya, ra[name], rb[name]) {
			return false
		}
	}
	return true
}

// equalInternals is RawEquals of two values of type ty given by their
// internals. Nulls, strings, bools, maps of strings and nested objects
// are compared directly; anything else (an unknown, a marked value, a
// number, a list, a set) by RawEquals.
func equalInternals(ty cty.Type, x, y any) bool {
	if same, ok := SamePlain(x, y); ok {
		return same
	}
	switch {
	case ty.IsObjectType():
		return Equal(valueOf(ty, x), valueOf(ty, y))
	case ty.IsMapType() && ty.ElementType() == cty.String:
		if same, ok := sameStringMaps(x, y); ok {
			return same
		}
	}
	return valueOf(ty, x).RawEquals(valueOf(ty, y))
}

// sameStringMaps compares the internals of two maps of strings; ok is
// false when either is not a plain map of plain strings (a marked or
// unknown map or element).
func sameStringMaps(x, y any) (same, ok bool) {
	xm, okX := x.(map[string]any)
	ym, okY := y.(map[string]any)
	if !okX || !okY {
		return false, false
	}
	for k, xv := range xm {
		yv, found := ym[k]
		if !found {
			return false, true
		}
		s, ok := sameInternals[string](xv, yv)
		if !ok {
			return false, false
		}
		if !s {
			return false, true
		}
	}
	return len(xm) == len(ym), true
}

// sameInternals compares the internals of two values of a primitive type
// whose internals are a T; ok is false when either is not (a null, an
// unknown, a marked value).
func sameInternals[T comparable](x, y any) (same, ok bool) {
	xt, okX := x.(T)
	yt, okY := y.(T)
	if !okX || !okY {
		return false, false
	}
	return xt == yt, true
}

// WhollyKnown is v.IsWhollyKnown(), reading a known, unmarked, non-null
// object's attributes from its map where IsWhollyKnown goes through
// ElementIterator, which sorts the names and makes a string value of each
// (the check of each applied object's new value).
func WhollyKnown(v cty.Value) bool {
	raw, ok := Internals(v)
	if !ok {
		return v.IsWhollyKnown()
	}
	atys := v.Type().AttributeTypes()
	for name, r := range raw {
		if !WhollyKnown(valueOf(atys[name], r)) {
			return false
		}
	}
	return true
}
