package ctyobject

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// An object built by Of is cty.ObjectVal's, marks and nulls included, and
// two objects of one type share it.
func TestOfIsObjectVal(t *testing.T) {
	if !LayoutOK {
		t.Fatal("cty.Value's layout changed: every caller falls back to cty.ObjectVal; update value")
	}
	attrs := map[string]cty.Value{
		"name":   cty.StringVal("a"),
		"secret": cty.StringVal("s").Mark("sensitive"),
		"n":      cty.NullVal(cty.Number),
		"list":   cty.ListVal([]cty.Value{cty.True}),
	}
	want := cty.ObjectVal(attrs)
	raw := map[string]any{}
	for k, v := range attrs {
		raw[k] = Raw(v)
	}
	got := Of(want.Type(), raw)
	if !got.RawEquals(want) {
		t.Fatalf("Of gave %#v, want %#v", got, want)
	}
	if !got.GetAttr("secret").HasMark("sensitive") {
		t.Error("the attribute's mark was lost")
	}
}

// OfValues builds cty.ObjectVal's object when the values have exactly the
// type's attributes and types, and declines otherwise.
func TestOfValues(t *testing.T) {
	attrs := map[string]cty.Value{"a": cty.StringVal("x").Mark("m"), "n": cty.NullVal(cty.Number)}
	want := cty.ObjectVal(attrs)
	got, ok := OfValues(want.Type(), attrs)
	if !ok || !got.RawEquals(want) {
		t.Fatalf("OfValues = %#v, %v; want %#v", got, ok, want)
	}
	for _, other := range []map[string]cty.Value{
		{"a": cty.StringVal("x"), "n": cty.StringVal("1")},      // another type
		{"a": cty.StringVal("x")},                               // one missing
		{"a": cty.StringVal("x"), "b": cty.NullVal(cty.Number)}, // another name
	} {
		if v, ok := OfValues(want.Type(), other); ok {
			t.Errorf("OfValues(%#v) built %#v", other, v)
		}
	}
}
