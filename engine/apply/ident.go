package apply

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
)

// objectIdent names an object as Terraform's progress lines do ("[id=X]"):
// "id=X" by its string attribute id; when orName, failing that, by its
// name or its tags' name or Name. A sensitive, unknown, null or empty
// value names nothing: the result is "" then.
func objectIdent(obj cty.Value, orName bool) string {
	if obj == cty.NilVal || !obj.IsKnown() || obj.IsNull() || obj.HasMark(lang.Sensitive) || !obj.Type().IsObjectType() {
		return ""
	}
	obj, _ = obj.Unmark()
	atys := obj.Type().AttributeTypes()
	if atys["id"] == cty.String {
		if s := plainText(obj.GetAttr("id")); s != "" {
			return "id=" + s
		}
	}
	if !orName {
		return ""
	}
	switch tags := atys["tags"]; {
	case atys["name"] == cty.String:
		if s := plainText(obj.GetAttr("name")); s != "" {
			return "name=" + s
		}
	case tags.IsMapType() && tags.ElementType() == cty.String:
		tv := obj.GetAttr("tags")
		if tv.IsNull() || !tv.IsWhollyKnown() || tv.HasMark(lang.Sensitive) {
			return ""
		}
		tv, _ = tv.Unmark()
		for _, key := range []string{"name", "Name"} {
			if tv.HasIndex(cty.StringVal(key)).True() {
				if s := plainText(tv.Index(cty.StringVal(key))); s != "" {
					return "tags." + key + "=" + s
				}
				return ""
			}
		}
	}
	return ""
}

// plainText is v's text when v is a known, non-null, non-sensitive string.
func plainText(v cty.Value) string {
	if v.HasMark(lang.Sensitive) {
		return ""
	}
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// identOf names the object an action on rc left, for its last progress
// line: nothing after an error or a destroy.
func (x *executor) identOf(rc *plans.ResourceChange, diags hcl.Diagnostics) string {
	if diags.HasErrors() || rc.Action == plans.Delete {
		return ""
	}
	v, ok := x.ev.Instance(rc.Addr)
	if !ok {
		return ""
	}
	return objectIdent(v, false)
}
