package kit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

func TestObjReadsAttributes(t *testing.T) {
	s := cty.StringVal
	v := cty.ObjectVal(map[string]cty.Value{
		"name":  s("a"),
		"gone":  cty.NullVal(cty.String),
		"later": cty.UnknownVal(cty.String),
		"count": cty.NumberIntVal(7),
		"on":    cty.True,
		"tags":  cty.MapVal(map[string]cty.Value{"k": s("v"), "u": cty.UnknownVal(cty.String)}),
		"zones": cty.SetVal([]cty.Value{s("b"), s("a")}),
		"rule":  cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"id": s("r1")})}),
	})
	o := Obj(v)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"a string reads as itself", o.Str("name"), "a"},
		{"null and unknown strings read empty", o.Str("gone") + o.Str("later"), ""},
		{"an attribute the type lacks reads empty", o.Str("missing"), ""},
		{"a null pointer form is nil", o.StrPtr("gone") == nil, true},
		{"numbers truncate to int64", o.Int64("count"), int64(7)},
		{"bools read", o.Bool("on"), true},
		{"unknown map elements are left out", len(o.StrMap("tags")), 1},
		{"set elements come sorted", strings.Join(o.StrList("zones"), ","), "a,b"},
		{"the first block of a list reads", o.Block("rule").Str("id"), "r1"},
		{"a missing block is absent", o.Block("nothing").Present(), false},
		{"null reports null", o.Null("gone"), true},
		{"unknown is not known", o.Known("later"), false},
		{"every attribute of a null object reads empty", Obj(cty.NullVal(v.Type())).Str("name"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestBuildValues(t *testing.T) {
	nb := &schema.NestedBlock{Nesting: schema.NestingList, Block: schema.Block{
		Attributes: map[string]*schema.Attribute{"id": {Type: cty.String, Optional: true}}}}
	b := &schema.Block{Attributes: map[string]*schema.Attribute{"name": {Type: cty.String, Optional: true}},
		BlockTypes: map[string]*schema.NestedBlock{"rule": nb}}
	s := cty.StringVal
	tests := []struct {
		name string
		got  cty.Value
		want cty.Value
	}{
		{"ObjectVal fills absent attributes null and blocks empty", ObjectVal(b, nil), cty.ObjectVal(map[string]cty.Value{
			"name": cty.NullVal(cty.String), "rule": cty.ListValEmpty(nb.Block.ImpliedType())})},
		{"an empty string is null", StrOrNull(""), cty.NullVal(cty.String)},
		{"an empty list can be recorded null", NullIfEmpty(ListVal(nil)), cty.NullVal(cty.List(cty.String))},
		{"a non-empty list stays", NullIfEmpty(ListVal([]string{"a"})), cty.ListVal([]cty.Value{s("a")})},
		{"unknowns become nulls", NullUnknowns(cty.ObjectVal(map[string]cty.Value{"a": cty.UnknownVal(cty.String)})),
			cty.ObjectVal(map[string]cty.Value{"a": cty.NullVal(cty.String)})},
		{"unknowns at the top and nested become nulls, the rest stays", NullUnknowns(cty.ObjectVal(map[string]cty.Value{
			"a": cty.UnknownVal(cty.String), "b": s("x"), "n": cty.ObjectVal(map[string]cty.Value{"c": cty.UnknownVal(cty.Number), "d": s("y")})})),
			cty.ObjectVal(map[string]cty.Value{"a": cty.NullVal(cty.String), "b": s("x"), "n": cty.ObjectVal(map[string]cty.Value{"c": cty.NullVal(cty.Number), "d": s("y")})})},
		{"top-level unknowns become nulls beside known nested values", NullUnknowns(cty.ObjectVal(map[string]cty.Value{
			"a": cty.UnknownVal(cty.String), "v": cty.UnknownVal(cty.Bool), "l": cty.ListVal([]cty.Value{s("z")})})),
			cty.ObjectVal(map[string]cty.Value{"a": cty.NullVal(cty.String), "v": cty.NullVal(cty.Bool), "l": cty.ListVal([]cty.Value{s("z")})})},
		{"top-level unknowns become nulls beside known nested values and marks", NullUnknowns(cty.ObjectVal(map[string]cty.Value{
			"a": cty.UnknownVal(cty.String), "v": cty.UnknownVal(cty.String), "k": s("s").Mark("sensitive"), "l": cty.ListVal([]cty.Value{s("z")})})),
			cty.ObjectVal(map[string]cty.Value{"a": cty.NullVal(cty.String), "v": cty.NullVal(cty.String), "k": s("s").Mark("sensitive"), "l": cty.ListVal([]cty.Value{s("z")})})},
		{"an equivalent spelling keeps prior's", KeepIfEqual(
			cty.ObjectVal(map[string]cty.Value{"loc": s("EU")}), cty.ObjectVal(map[string]cty.Value{"loc": s("eu")}),
			"loc", strings.EqualFold), cty.ObjectVal(map[string]cty.Value{"loc": s("EU")})},
		{"a different value is kept", KeepIfEqual(
			cty.ObjectVal(map[string]cty.Value{"loc": s("EU")}), cty.ObjectVal(map[string]cty.Value{"loc": s("US")}),
			"loc", strings.EqualFold), cty.ObjectVal(map[string]cty.Value{"loc": s("US")})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.got.RawEquals(tt.want) {
				t.Errorf("got %#v, want %#v", tt.got, tt.want)
			}
		})
	}
}

func TestSetAllKeepsEveryOtherAttribute(t *testing.T) {
	s := cty.StringVal
	obj := cty.ObjectVal(map[string]cty.Value{
		"name":   s("a"),
		"gone":   cty.NullVal(cty.String),
		"later":  cty.UnknownVal(cty.String),
		"secret": s("x").Mark("sensitive"),
		"tags":   cty.MapVal(map[string]cty.Value{"k": s("v")}),
	})
	got := SetAll(obj, map[string]cty.Value{"name": s("b"), "later": s("now")})
	want := cty.ObjectVal(map[string]cty.Value{
		"name":   s("b"),
		"gone":   cty.NullVal(cty.String),
		"later":  s("now"),
		"secret": s("x").Mark("sensitive"),
		"tags":   cty.MapVal(map[string]cty.Value{"k": s("v")}),
	})
	if !got.RawEquals(want) {
		t.Errorf("SetAll = %#v, want %#v", got, want)
	}
	// Values of the attributes' own types (marked or not) keep obj's type;
	// one of another type makes a new one. Both are cty.ObjectVal's.
	for _, set := range []map[string]cty.Value{
		{"secret": s("y").Mark("sensitive"), "gone": s("back")},
		{"tags": cty.NullVal(cty.DynamicPseudoType), "name": s("c")},
		{"name": cty.NumberIntVal(1)},
	} {
		want := obj.AsValueMap()
		for k, v := range set {
			want[k] = v
		}
		if got := SetAll(obj, set); !got.RawEquals(cty.ObjectVal(want)) {
			t.Errorf("SetAll(%#v) = %#v, want %#v", set, got, cty.ObjectVal(want))
		}
	}
	if got := SetAll(cty.EmptyObjectVal, map[string]cty.Value{"n": s("v")}); !got.RawEquals(cty.ObjectVal(map[string]cty.Value{"n": s("v")})) {
		t.Errorf("SetAll on an empty object = %#v", got)
	}
	// A marked object keeps AsValueMap's behaviour: it panics (values
	// must be unmarked before a provider sets their attributes).
	func() {
		defer func() {
			if recover() == nil {
				t.Error("SetAll of a marked object did not panic")
			}
		}()
		SetAll(obj.Mark("sensitive"), map[string]cty.Value{"name": s("b")})
	}()
}

// BenchmarkSetAll sets two attributes of an object of 40, as the AWS
// provider's plans do several times per object.
func BenchmarkSetAll(b *testing.B) {
	attrs := map[string]cty.Value{}
	for i := range 40 {
		attrs[fmt.Sprintf("attribute_%02d", i)] = cty.StringVal("value")
	}
	obj := cty.ObjectVal(attrs)
	set := map[string]cty.Value{"attribute_03": cty.UnknownVal(cty.String), "attribute_17": cty.StringVal("other")}
	b.ReportAllocs()
	for b.Loop() {
		_ = SetAll(obj, set)
	}
}

// TestObjAttrAsGetAttr: Obj.Attr is GetAttr for an attribute of a known
// object, marks of the object and of the attribute included, and NilVal
// for a null, unknown or non-object value or a name the type lacks.
func TestObjAttrAsGetAttr(t *testing.T) {
	obj := cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x"), "s": cty.StringVal("y").Mark("sensitive"), "n": cty.NullVal(cty.Number)})
	for _, v := range []cty.Value{obj, obj.Mark("sensitive")} {
		for _, name := range []string{"a", "s", "n"} {
			if got, want := Obj(v).Attr(name), v.GetAttr(name); !got.RawEquals(want) {
				t.Errorf("Attr(%q) of %#v = %#v, GetAttr %#v", name, v, got, want)
			}
		}
	}
	for _, v := range []cty.Value{cty.NullVal(obj.Type()), cty.UnknownVal(obj.Type()), cty.StringVal("x"), cty.NilVal} {
		if got := Obj(v).Attr("a"); got != cty.NilVal {
			t.Errorf("Attr of %#v = %#v, want NilVal", v, got)
		}
	}
	if got := Obj(obj).Attr("missing"); got != cty.NilVal {
		t.Errorf("Attr of a missing name = %#v", got)
	}
}
