package kit

import (
	"math/big"

	"github.com/zclconf/go-cty/cty"
)

// SetAll returns obj with the named attributes replaced by the given values.
func SetAll(obj cty.Value, attrs map[string]cty.Value) cty.Value {
	if len(attrs) == 0 {
		return obj
	}
	m := obj.AsValueMap()
	if m == nil {
		m = make(map[string]cty.Value, len(attrs))
	}
	for name, v := range attrs {
		m[name] = v
	}
	return cty.ObjectVal(m)
}

// Set returns obj with one attribute replaced.
func Set(obj cty.Value, name string, v cty.Value) cty.Value {
	return SetAll(obj, map[string]cty.Value{name: v})
}

// IsSet reports whether obj's attribute is neither null nor unknown.
func IsSet(obj cty.Value, name string) bool {
	v := obj.GetAttr(name)
	return !v.IsNull() && v.IsKnown()
}

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
func String(obj cty.Value, name string) string {
	if !IsSet(obj, name) {
		return ""
	}
	return obj.GetAttr(name).AsString()
}

// Bool returns a bool attribute, or false when it is null or unknown.
func Bool(obj cty.Value, name string) bool {
	return IsSet(obj, name) && obj.GetAttr(name).True()
}

// Int returns a number attribute truncated to an int64, or 0 when it is null
// or unknown.
func Int(obj cty.Value, name string) int64 {
	if !IsSet(obj, name) {
		return 0
	}
	i, _ := obj.GetAttr(name).AsBigFloat().Int64()
	return i
}

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
