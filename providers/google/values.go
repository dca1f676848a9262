package google

import (
	"os"
	"sort"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/zclconf/go-cty/cty"
)

// osEnv reads the process environment; tests pass their own lookup.
var osEnv = os.Getenv

// str is a known string value.
func str(s string) cty.Value { return cty.StringVal(s) }

// nullStr is a null string.
var nullStr = cty.NullVal(cty.String)

// strOrNull is s, or null when s is empty.
func strOrNull(s string) cty.Value {
	if s == "" {
		return nullStr
	}
	return str(s)
}

// usable reports whether v is known and not null.
func usable(v cty.Value) bool { return v != cty.NilVal && v.IsKnown() && !v.IsNull() }

// strMap returns a map(string) attribute as a Go map; nil when null or
// unknown.
func strMap(obj cty.Value, name string) map[string]string {
	v := obj.GetAttr(name)
	if !usable(v) || !v.IsWhollyKnown() {
		return nil
	}
	m := make(map[string]string, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if usable(e) {
			m[k.AsString()] = e.AsString()
		}
	}
	return m
}

// strList returns a list(string) attribute as a Go slice.
func strList(obj cty.Value, name string) []string {
	v := obj.GetAttr(name)
	if !usable(v) || !v.IsWhollyKnown() {
		return nil
	}
	out := make([]string, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if usable(e) {
			out = append(out, e.AsString())
		}
	}
	return out
}

// mapVal is a map(string) value; an empty map for an empty or nil m.
func mapVal(m map[string]string) cty.Value {
	if len(m) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	vals := make(map[string]cty.Value, len(m))
	for k, v := range m {
		vals[k] = str(v)
	}
	return cty.MapVal(vals)
}

// listVal is a list(string) value, null for an empty slice.
func listVal(ss []string) cty.Value {
	if len(ss) == 0 {
		return cty.NullVal(cty.List(cty.String))
	}
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = str(s)
	}
	return cty.ListVal(vals)
}

// intVal is a number value.
func intVal(i int64) cty.Value { return cty.NumberIntVal(i) }

// firstBlock returns the single element of a list block holding at most
// one, or a null object when the list is empty or null.
func firstBlock(obj cty.Value, name string) cty.Value {
	v := obj.GetAttr(name)
	ety := v.Type().ElementType()
	if !usable(v) || v.LengthInt() == 0 {
		return cty.NullVal(ety)
	}
	return v.Index(cty.NumberIntVal(0))
}

// blockList is a list block of the given element type holding elems.
func blockList(ety cty.Type, elems ...cty.Value) cty.Value {
	if len(elems) == 0 {
		return cty.ListValEmpty(ety)
	}
	return cty.ListVal(elems)
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// keepIfEqual returns prior's attribute when equal(prior, live) holds for
// two usable strings, so a spelling the API changes (case, a full resource
// path, a duration format) never shows as a diff; otherwise live.
func keepIfEqual(prior, live cty.Value, name string, equal func(a, b string) bool) cty.Value {
	if prior.IsNull() || !prior.IsKnown() {
		return live
	}
	pv, lv := prior.GetAttr(name), live.GetAttr(name)
	if usable(pv) && usable(lv) && equal(pv.AsString(), lv.AsString()) {
		return kit.Set(live, name, pv)
	}
	return live
}

// nullUnknowns replaces every unknown value inside v by a null: what a
// write that could not be read back records, since state is never unknown.
func nullUnknowns(v cty.Value) cty.Value {
	out, _ := cty.Transform(v, func(_ cty.Path, x cty.Value) (cty.Value, error) {
		if !x.IsKnown() {
			return cty.NullVal(x.Type()), nil
		}
		return x, nil
	})
	return out
}
