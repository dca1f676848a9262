package aws

import (
	"github.com/zclconf/go-cty/cty"
)

// conform returns live in prior's form where they mean the same: an
// attribute prior left null that the API reports as its zero value (false,
// "", 0, an empty collection) stays null. Lists are matched by index, set
// elements by equivalence, so a value the API fills in never shows as a
// perpetual diff against a configuration that did not set it.
func conform(prior, live cty.Value) cty.Value {
	if prior == cty.NilVal {
		prior = cty.NullVal(live.Type())
	}
	if !prior.IsKnown() || !live.IsKnown() || live.IsNull() {
		return live
	}
	if prior.IsNull() {
		if isZero(live) {
			return cty.NullVal(live.Type())
		}
		return live
	}
	if !prior.Type().Equals(live.Type()) {
		return live
	}
	ty := live.Type()
	switch {
	case ty.IsObjectType():
		attrs := live.AsValueMap()
		for name, lv := range attrs {
			attrs[name] = conform(prior.GetAttr(name), lv)
		}
		if len(attrs) == 0 {
			return live
		}
		return cty.ObjectVal(attrs)
	case ty.IsListType() && live.LengthInt() > 0:
		ps, ls := prior.AsValueSlice(), live.AsValueSlice()
		for i := range ls {
			if i < len(ps) {
				ls[i] = conform(ps[i], ls[i])
			} else {
				ls[i] = conformNull(ls[i])
			}
		}
		return cty.ListVal(ls)
	case ty.IsSetType() && live.LengthInt() > 0:
		ps, ls := prior.AsValueSlice(), live.AsValueSlice()
		for i, lv := range ls {
			ls[i] = conformNull(lv)
			for _, pv := range ps {
				if c := conform(pv, lv); c.RawEquals(pv) {
					ls[i] = pv
					break
				}
			}
		}
		return cty.SetVal(ls)
	}
	return live
}

// isZero reports whether a primitive or collection value is its type's
// zero value. Objects are never zero: an absent block is not a block of
// zeros.
func isZero(v cty.Value) bool {
	if v.IsNull() {
		return true
	}
	ty := v.Type()
	switch {
	case ty == cty.Bool:
		return v.False()
	case ty == cty.String:
		return v.AsString() == ""
	case ty == cty.Number:
		return v.AsBigFloat().Sign() == 0
	case ty.IsListType() || ty.IsSetType() || ty.IsMapType():
		return v.LengthInt() == 0
	}
	return false
}

// conformNull is conform against a prior that set nothing: inside objects
// and collections, zero primitives become null. It serves elements that
// have no prior counterpart (an import, a new list element).
func conformNull(v cty.Value) cty.Value {
	if !v.IsKnown() || v.IsNull() {
		return v
	}
	ty := v.Type()
	switch {
	case ty.IsObjectType():
		attrs := v.AsValueMap()
		if len(attrs) == 0 {
			return v
		}
		for name, av := range attrs {
			attrs[name] = conformNull(av)
		}
		return cty.ObjectVal(attrs)
	case (ty.IsListType() || ty.IsSetType()) && v.LengthInt() > 0 && ty.ElementType().IsObjectType():
		elems := v.AsValueSlice()
		for i, e := range elems {
			elems[i] = conformNull(e)
		}
		if ty.IsListType() {
			return cty.ListVal(elems)
		}
		return cty.SetVal(elems)
	case ty.IsPrimitiveType() && isZero(v):
		return cty.NullVal(ty)
	}
	return v
}
