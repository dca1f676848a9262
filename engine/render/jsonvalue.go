package render

import (
	"encoding/json"

	"github.com/zclconf/go-cty/cty"
)

// These functions convert values as Terraform's JSON documents write them
// (its jsonplan package: omitUnknowns, unknownAsBool, SensitiveAsBool),
// with one difference: a sensitive value is written as null, because
// trueup never lets a sensitive value reach plan output.

// plainValue returns v as JSON data. Unknown values are left out of maps
// and objects and are null in sequences; ok is false when v itself is
// unknown, and the caller then omits it.
func plainValue(v cty.Value) (out any, ok bool) {
	if v == cty.NilVal {
		return nil, true
	}
	if isSensitive(v) {
		return nil, true
	}
	v, _ = v.Unmark()
	if !v.IsKnown() {
		return nil, false
	}
	if v.IsNull() {
		return nil, true
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString(), true
	case ty == cty.Number:
		return json.Number(v.AsBigFloat().Text('f', -1)), true
	case ty == cty.Bool:
		return v.True(), true
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		vals := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			e, _ := plainValue(ev)
			vals = append(vals, e)
		}
		return vals, true
	case ty.IsMapType() || ty.IsObjectType():
		vals := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if e, ok := plainValue(ev); ok {
				vals[k.AsString()] = e
			}
		}
		return vals, true
	}
	return nil, true
}

// rawValue is plainValue encoded; nil (omitted) when v is unknown.
func rawValue(v cty.Value) json.RawMessage {
	out, ok := plainValue(v)
	if !ok {
		return nil
	}
	return mustJSON(out)
}

// unknownTree returns where v is unknown: true for an unknown value, a
// tree of v's shape for a partly unknown collection or object (objects
// list only their members that are not false), false when v is wholly
// known.
func unknownTree(v cty.Value) any {
	if v == cty.NilVal {
		return false
	}
	v, _ = v.UnmarkDeep()
	switch ty := v.Type(); {
	case v.IsNull() || v.IsWhollyKnown():
		return false
	case !v.IsKnown():
		return true
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		vals := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			vals = append(vals, unknownTree(ev))
		}
		return vals
	case ty.IsMapType() || ty.IsObjectType():
		vals := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if u := unknownTree(ev); u != false {
				vals[k.AsString()] = u
			}
		}
		return vals
	}
	return false
}

// sensitiveTree returns where v is sensitive: true for a sensitive value,
// a tree of v's shape for a collection or object (empty when unknown;
// objects list only their members that are not false), false otherwise.
func sensitiveTree(v cty.Value) any {
	if v == cty.NilVal {
		return false
	}
	if isSensitive(v) {
		return true
	}
	v, _ = v.Unmark()
	ty := v.Type()
	switch {
	case v.IsNull() || ty.IsPrimitiveType() || ty == cty.DynamicPseudoType:
		return false
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		vals := []any{}
		if !v.IsKnown() {
			return vals
		}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			vals = append(vals, sensitiveTree(ev))
		}
		return vals
	case ty.IsMapType() || ty.IsObjectType():
		vals := map[string]any{}
		if !v.IsKnown() {
			return vals
		}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if s := sensitiveTree(ev); s != false {
				vals[k.AsString()] = s
			}
		}
		return vals
	}
	return false
}

// mustJSON encodes data built by this package's converters, which always
// encodes.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
