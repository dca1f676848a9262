package testprovider

import (
	"github.com/zclconf/go-cty/cty"
)

// withDefaults fills the optional+computed attributes that config leaves
// null, and that the proposed value therefore holds as unknown, with their
// Defaults. Set elements cannot be paired with config elements, so an
// unknown role in a member is always defaulted.
func withDefaults(proposed, config cty.Value) cty.Value {
	v := fillObject(proposed, config)
	attrs := v.AsValueMap()
	if s := attrs["settings"]; !s.IsNull() && s.IsKnown() {
		attrs["settings"] = fillObject(s, config.GetAttr("settings"))
	}
	if l := attrs["rule"]; !l.IsNull() && l.IsKnown() && l.LengthInt() > 0 {
		cl := config.GetAttr("rule").AsValueSlice()
		out := make([]cty.Value, 0, l.LengthInt())
		for i, e := range l.AsValueSlice() {
			out = append(out, fillObject(e, cl[i]))
		}
		attrs["rule"] = cty.ListVal(out)
	}
	if s := attrs["member"]; !s.IsNull() && s.IsKnown() && s.LengthInt() > 0 {
		out := make([]cty.Value, 0, s.LengthInt())
		for it := s.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, fillObject(e, cty.NullVal(e.Type())))
		}
		attrs["member"] = cty.SetVal(out)
	}
	return cty.ObjectVal(attrs)
}

// fillObject defaults the unknown attributes of obj that cfg leaves null
// (or every unknown defaulted attribute when cfg is null).
func fillObject(obj, cfg cty.Value) cty.Value {
	attrs := obj.AsValueMap()
	for name, def := range Defaults {
		v, ok := attrs[name]
		if !ok || v.IsKnown() {
			continue
		}
		if !cfg.IsKnown() {
			continue
		}
		if cfg.IsNull() || cfg.GetAttr(name).IsNull() {
			attrs[name] = def
		}
	}
	return cty.ObjectVal(attrs)
}
