package kit

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// ObjectVal builds a value of b's type from attrs, with null for missing
// attributes and empty collections (or null singles) for missing blocks.
func ObjectVal(b *schema.Block, attrs map[string]cty.Value) cty.Value {
	out := make(map[string]cty.Value, len(b.Attributes)+len(b.BlockTypes))
	for name, a := range b.Attributes {
		v, ok := attrs[name]
		if !ok || v == cty.NilVal {
			v = cty.NullVal(a.Type)
		}
		out[name] = v
	}
	for name, nb := range b.BlockTypes {
		v, ok := attrs[name]
		if !ok || v == cty.NilVal {
			v = EmptyBlock(nb)
		}
		out[name] = v
	}
	return cty.ObjectVal(out)
}

// EmptyBlock is a nested block with no elements: an empty collection, or
// null for a single block.
func EmptyBlock(nb *schema.NestedBlock) cty.Value {
	ety := nb.Block.ImpliedType()
	switch nb.Nesting {
	case schema.NestingList:
		return cty.ListValEmpty(ety)
	case schema.NestingSet:
		return cty.SetValEmpty(ety)
	case schema.NestingMap:
		return cty.MapValEmpty(ety)
	}
	return cty.NullVal(ety)
}

// BlockVal collects nested block values in the collection nb declares.
func BlockVal(nb *schema.NestedBlock, elems []cty.Value) cty.Value {
	if len(elems) == 0 {
		return EmptyBlock(nb)
	}
	switch nb.Nesting {
	case schema.NestingList:
		return cty.ListVal(elems)
	case schema.NestingSet:
		return cty.SetVal(elems)
	}
	return elems[0]
}

// BlockList is a list block of element type ety holding elems.
func BlockList(ety cty.Type, elems ...cty.Value) cty.Value {
	if len(elems) == 0 {
		return cty.ListValEmpty(ety)
	}
	return cty.ListVal(elems)
}

// FirstBlock returns the first element of obj's list block name, or a null
// of the element type when the list is empty, null or unknown.
func FirstBlock(obj cty.Value, name string) cty.Value {
	v := obj.GetAttr(name)
	ety := v.Type().ElementType()
	if !Usable(v) || v.LengthInt() == 0 {
		return cty.NullVal(ety)
	}
	return v.Index(cty.NumberIntVal(0))
}

// StrPtrVal is *p as a string value, or null for nil.
func StrPtrVal(p *string) cty.Value {
	if p == nil {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(*p)
}

// StrOrNull is s, or null when s is empty.
func StrOrNull(s string) cty.Value {
	if s == "" {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(s)
}

// BoolPtrVal is *p as a bool value, or null for nil.
func BoolPtrVal(p *bool) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Bool)
	}
	return cty.BoolVal(*p)
}

// Int32PtrVal is *p as a number value, or null for nil.
func Int32PtrVal(p *int32) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Number)
	}
	return cty.NumberIntVal(int64(*p))
}

// Int64PtrVal is *p as a number value, or null for nil.
func Int64PtrVal(p *int64) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Number)
	}
	return cty.NumberIntVal(*p)
}

// MapVal is a map(string) value; an empty map for an empty or nil m.
func MapVal(m map[string]string) cty.Value {
	if len(m) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	vals := make(map[string]cty.Value, len(m))
	for k, v := range m {
		vals[k] = cty.StringVal(v)
	}
	return cty.MapVal(vals)
}

// ListVal is a list(string) value; an empty list for an empty ss.
func ListVal(ss []string) cty.Value {
	if len(ss) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	return cty.ListVal(stringVals(ss))
}

// SetVal is a set(string) value; an empty set for an empty ss.
func SetVal(ss []string) cty.Value {
	if len(ss) == 0 {
		return cty.SetValEmpty(cty.String)
	}
	return cty.SetVal(stringVals(ss))
}

// NullIfEmpty is v, or a null of v's type when v is an empty collection:
// how providers record an empty list the API does not distinguish from none.
func NullIfEmpty(v cty.Value) cty.Value {
	if Usable(v) && v.CanIterateElements() && v.LengthInt() == 0 {
		return cty.NullVal(v.Type())
	}
	return v
}

func stringVals(ss []string) []cty.Value {
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return vals
}
