package eval

import (
	"reflect"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/schema"
)

// sameType reports whether two object types share their attribute map:
// one type, not two equal ones.
func sameType(a, b cty.Type) bool {
	return reflect.ValueOf(a.AttributeTypes()).UnsafePointer() == reflect.ValueOf(b.AttributeTypes()).UnsafePointer()
}

func TestOfImpliedTypeSharesTheBlocksType(t *testing.T) {
	b := &schema.Block{Attributes: map[string]*schema.Attribute{
		"id":       {Type: cty.String, Computed: true},
		"password": {Type: cty.String, Optional: true, Sensitive: true},
		"triggers": {Type: cty.Map(cty.String), Optional: true},
	}}
	ev := &Evaluator{} // ImpliedType needs nothing else
	implied := ev.ImpliedType(b)
	v := MarkSchemaSensitive(b, cty.ObjectVal(map[string]cty.Value{
		"id":       cty.UnknownVal(cty.String),
		"password": cty.StringVal("hunter2"),
		"triggers": cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v").Mark(lang.Sensitive)}),
	}))
	if sameType(v.Type(), implied) {
		t.Fatal("cty.ObjectVal built the block's type: the test shows nothing")
	}
	got := ev.OfImpliedType(b, v)
	if !sameType(got.Type(), implied) {
		t.Error("the value keeps its own type, not the evaluator's for the block")
	}
	if !got.RawEquals(v) {
		t.Errorf("value changed: %#v\nwant %#v", got, v)
	}
	if !got.HasMark(lang.Sensitive) && v.HasMark(lang.Sensitive) {
		t.Error("the top-level marks were lost")
	}
	gu, gm := got.UnmarkDeepWithPaths()
	vu, vm := v.UnmarkDeepWithPaths()
	if !gu.RawEquals(vu) || len(gm) != len(vm) || len(gm) != 2 {
		t.Errorf("marks by path %#v, want %#v", gm, vm)
	}

	// A value of another type is left alone.
	other := cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("x")})
	if got := ev.OfImpliedType(b, other); !sameType(got.Type(), other.Type()) || !got.RawEquals(other) {
		t.Errorf("a value of another type was changed: %#v", got)
	}
	null := cty.NullVal(cty.DynamicPseudoType)
	if got := ev.OfImpliedType(b, null); !got.RawEquals(null) {
		t.Errorf("a dynamic null was changed: %#v", got)
	}
}
