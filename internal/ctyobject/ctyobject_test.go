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
