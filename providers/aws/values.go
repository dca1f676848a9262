package aws

import (
	"math/big"
	"sort"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// obj reads the attributes of an object value as Go values. Null and
// unknown attributes read as Go zero values (or nil for the pointer forms).
type obj struct{ v cty.Value }

func (o obj) attr(name string) cty.Value {
	if o.v.IsNull() || !o.v.IsKnown() || !o.v.Type().IsObjectType() || !o.v.Type().HasAttribute(name) {
		return cty.NilVal
	}
	return o.v.GetAttr(name)
}

func usable(v cty.Value) bool { return v != cty.NilVal && v.IsKnown() && !v.IsNull() }

func (o obj) known(name string) bool {
	v := o.attr(name)
	return v != cty.NilVal && v.IsWhollyKnown()
}

func (o obj) null(name string) bool {
	v := o.attr(name)
	return v == cty.NilVal || v.IsNull()
}

func (o obj) str(name string) string {
	if v := o.attr(name); usable(v) {
		return v.AsString()
	}
	return ""
}

func (o obj) strPtr(name string) *string {
	if v := o.attr(name); usable(v) {
		s := v.AsString()
		return &s
	}
	return nil
}

func (o obj) boolean(name string) bool {
	if v := o.attr(name); usable(v) {
		return v.True()
	}
	return false
}

func (o obj) boolPtr(name string) *bool {
	if v := o.attr(name); usable(v) {
		b := v.True()
		return &b
	}
	return nil
}

func (o obj) int64(name string) int64 {
	if p := o.int64Ptr(name); p != nil {
		return *p
	}
	return 0
}

func (o obj) int64Ptr(name string) *int64 {
	if v := o.attr(name); usable(v) {
		i, _ := v.AsBigFloat().Int64()
		return &i
	}
	return nil
}

func (o obj) int32Ptr(name string) *int32 {
	if p := o.int64Ptr(name); p != nil {
		i := int32(*p)
		return &i
	}
	return nil
}

func (o obj) strMap(name string) map[string]string {
	return stringMap(o.attr(name))
}

func stringMap(v cty.Value) map[string]string {
	if !usable(v) {
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

// strList returns a list or set of strings; set elements come sorted.
func (o obj) strList(name string) []string {
	v := o.attr(name)
	if !usable(v) {
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if usable(e) {
			out = append(out, e.AsString())
		}
	}
	if v.Type().IsSetType() {
		sort.Strings(out)
	}
	return out
}

// blocks returns the elements of a nested block (list, set or single).
func (o obj) blocks(name string) []obj {
	v := o.attr(name)
	if !usable(v) {
		return nil
	}
	if v.Type().IsObjectType() {
		return []obj{{v}}
	}
	var out []obj
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, obj{e})
	}
	return out
}

// block returns the first element of a nested block, or a null obj.
func (o obj) block(name string) obj {
	if bs := o.blocks(name); len(bs) > 0 {
		return bs[0]
	}
	return obj{cty.NilVal}
}

func (o obj) present() bool { return usable(o.v) }

// objectVal builds a value of b's type from attrs, with null for missing
// attributes and empty collections (or null singles) for missing blocks.
func objectVal(b *schema.Block, attrs map[string]cty.Value) cty.Value {
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
			v = emptyBlock(nb)
		}
		out[name] = v
	}
	return cty.ObjectVal(out)
}

func emptyBlock(nb *schema.NestedBlock) cty.Value {
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

// blockVal collects nested block values in the collection nb declares.
func blockVal(nb *schema.NestedBlock, elems []cty.Value) cty.Value {
	if len(elems) == 0 {
		return emptyBlock(nb)
	}
	switch nb.Nesting {
	case schema.NestingList:
		return cty.ListVal(elems)
	case schema.NestingSet:
		return cty.SetVal(elems)
	}
	return elems[0]
}

// setAttr returns v with attribute name replaced by nv.
func setAttr(v cty.Value, name string, nv cty.Value) cty.Value {
	m := v.AsValueMap()
	m[name] = nv
	return cty.ObjectVal(m)
}

func strVal(s string) cty.Value { return cty.StringVal(s) }

func strPtrVal(p *string) cty.Value {
	if p == nil {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(*p)
}

// strOrNull is s, or null when s is empty.
func strOrNull(s string) cty.Value {
	if s == "" {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(s)
}

func boolPtrVal(p *bool) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Bool)
	}
	return cty.BoolVal(*p)
}

func intVal(i int64) cty.Value { return cty.NumberVal(new(big.Float).SetInt64(i)) }

func int32PtrVal(p *int32) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Number)
	}
	return intVal(int64(*p))
}

func int64PtrVal(p *int64) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Number)
	}
	return intVal(*p)
}

func mapVal(m map[string]string) cty.Value {
	if len(m) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	vals := make(map[string]cty.Value, len(m))
	for k, v := range m {
		vals[k] = cty.StringVal(v)
	}
	return cty.MapVal(vals)
}

func listStrVal(ss []string) cty.Value {
	if len(ss) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return cty.ListVal(vals)
}

func setStrVal(ss []string) cty.Value {
	if len(ss) == 0 {
		return cty.SetValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return cty.SetVal(vals)
}

// nullUnknowns replaces every unknown inside v by a null of its type: a new
// state must be wholly known.
func nullUnknowns(v cty.Value) cty.Value {
	out, _ := cty.Transform(v, func(_ cty.Path, v cty.Value) (cty.Value, error) {
		if !v.IsKnown() {
			return cty.NullVal(v.Type()), nil
		}
		return v, nil
	})
	return out
}

// ob wraps v for reading.
func ob(v cty.Value) obj { return obj{v} }
