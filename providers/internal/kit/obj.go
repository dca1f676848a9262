package kit

import (
	"sort"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/ctyobject"
)

// Obj reads the attributes of an object value as Go values: kit.Obj(v).
// Null and unknown attributes, attributes the type lacks, and every
// attribute of a null or unknown object read as Go zero values (nil for the
// pointer, map and slice forms), so request building needs no checks.
type Obj cty.Value

// Value is the object as a cty.Value.
func (o Obj) Value() cty.Value { return cty.Value(o) }

// Attr returns the named attribute, or cty.NilVal when the object is null,
// unknown, not an object, or has no such attribute.
func (o Obj) Attr(name string) cty.Value {
	v := cty.Value(o)
	if v == cty.NilVal {
		return cty.NilVal
	}
	if a, ok := ctyobject.Attr(v, name); ok {
		return a
	}
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() || !v.Type().HasAttribute(name) {
		return cty.NilVal
	}
	return v.GetAttr(name)
}

// Present reports whether the object itself is known and not null.
func (o Obj) Present() bool { return Usable(cty.Value(o)) }

// Known reports whether the attribute is wholly known.
func (o Obj) Known(name string) bool {
	v := o.Attr(name)
	return v != cty.NilVal && v.IsWhollyKnown()
}

// Null reports whether the attribute is null (or absent).
func (o Obj) Null(name string) bool {
	v := o.Attr(name)
	return v == cty.NilVal || v.IsNull()
}

// Str returns a string attribute, or "".
func (o Obj) Str(name string) string {
	if v := o.Attr(name); Usable(v) {
		return v.AsString()
	}
	return ""
}

// StrPtr returns a string attribute, or nil.
func (o Obj) StrPtr(name string) *string {
	if v := o.Attr(name); Usable(v) {
		s := v.AsString()
		return &s
	}
	return nil
}

// Bool returns a bool attribute, or false.
func (o Obj) Bool(name string) bool {
	if v := o.Attr(name); Usable(v) {
		return v.True()
	}
	return false
}

// BoolPtr returns a bool attribute, or nil.
func (o Obj) BoolPtr(name string) *bool {
	if v := o.Attr(name); Usable(v) {
		b := v.True()
		return &b
	}
	return nil
}

// Int64 returns a number attribute truncated to an int64, or 0.
func (o Obj) Int64(name string) int64 {
	if p := o.Int64Ptr(name); p != nil {
		return *p
	}
	return 0
}

// Int64Ptr returns a number attribute truncated to an int64, or nil.
func (o Obj) Int64Ptr(name string) *int64 {
	if v := o.Attr(name); Usable(v) {
		i, _ := v.AsBigFloat().Int64()
		return &i
	}
	return nil
}

// Int32Ptr returns a number attribute truncated to an int32, or nil.
func (o Obj) Int32Ptr(name string) *int32 {
	if p := o.Int64Ptr(name); p != nil {
		i := int32(*p)
		return &i
	}
	return nil
}

// StrMap returns a map(string) attribute; elements that are null or
// unknown are left out.
func (o Obj) StrMap(name string) map[string]string {
	return StringMap(o.Attr(name))
}

// StrList returns a list or set of strings; set elements come sorted, and
// null or unknown elements are left out.
func (o Obj) StrList(name string) []string {
	v := o.Attr(name)
	if !Usable(v) {
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if Usable(e) {
			out = append(out, e.AsString())
		}
	}
	if v.Type().IsSetType() {
		sort.Strings(out)
	}
	return out
}

// Blocks returns the elements of a nested block (list, set or single).
func (o Obj) Blocks(name string) []Obj {
	v := o.Attr(name)
	if !Usable(v) {
		return nil
	}
	if v.Type().IsObjectType() {
		return []Obj{Obj(v)}
	}
	var out []Obj
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, Obj(e))
	}
	return out
}

// Block returns the first element of a nested block, or an absent Obj.
func (o Obj) Block(name string) Obj {
	if bs := o.Blocks(name); len(bs) > 0 {
		return bs[0]
	}
	return Obj(cty.NilVal)
}

// StringMap returns a map of strings as a Go map (nil when null or
// unknown); null or unknown elements are left out.
func StringMap(v cty.Value) map[string]string {
	if !Usable(v) {
		return nil
	}
	m := make(map[string]string, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if Usable(e) {
			m[k.AsString()] = e.AsString()
		}
	}
	return m
}
