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

// TestAttrIsGetAttr: Attr returns what GetAttr does, marks of the
// attribute included, for every attribute of objects holding nulls,
// unknowns, marked values and nested collections; it declines a marked,
// null or unknown object and a name the type lacks.
func TestAttrIsGetAttr(t *testing.T) {
	inner := cty.ObjectVal(map[string]cty.Value{"k": cty.StringVal("v").Mark("secret")})
	objs := []cty.Value{
		cty.ObjectVal(map[string]cty.Value{
			"s": cty.StringVal("x"), "n": cty.NullVal(cty.Number), "u": cty.UnknownVal(cty.Bool), "m": cty.StringVal("y").Mark("secret"),
			"d": cty.DynamicVal, "l": cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b").Mark("other")}),
			"o": inner, "e": cty.EmptyObjectVal,
		}),
		cty.EmptyObjectVal,
	}
	taken := 0
	for _, obj := range objs {
		for name := range obj.Type().AttributeTypes() {
			got, ok := Attr(obj, name)
			if !ok {
				t.Errorf("Attr(%#v, %q) declined", obj, name)
				continue
			}
			taken++
			if want := obj.GetAttr(name); !got.RawEquals(want) || !got.Type().Equals(want.Type()) {
				t.Errorf("Attr(%q) = %#v, GetAttr %#v", name, got, want)
			}
		}
	}
	if taken != 8 {
		t.Errorf("took %d attributes, want 8", taken)
	}
	obj := objs[0]
	for _, declined := range []cty.Value{obj.Mark("secret"), cty.NullVal(obj.Type()), cty.UnknownVal(obj.Type()), cty.StringVal("x"), cty.DynamicVal} {
		if _, ok := Attr(declined, "s"); ok {
			t.Errorf("Attr took %#v", declined)
		}
	}
	if _, ok := Attr(obj, "missing"); ok {
		t.Error("Attr took a name the type lacks")
	}
}

// TestEqualIsRawEquals: Equal answers as RawEquals for every pair of a
// set of objects that differ in one attribute each (strings, bools,
// numbers, nulls, unknowns, marks, nested values) and of other values.
func TestEqualIsRawEquals(t *testing.T) {
	vals := equalCases()
	for _, a := range vals {
		for _, b := range vals {
			if got, want := Equal(a, b), a.RawEquals(b); got != want {
				t.Errorf("Equal(%#v, %#v) = %v, RawEquals %v", a, b, got, want)
			}
		}
	}
}

// EqualAttrs compares named attributes as GetAttr and RawEquals do.
func TestEqualAttrsIsRawEquals(t *testing.T) {
	names := []string{"s", "b", "n", "z", "l", "o", "m"}
	var objects []cty.Value
	for _, v := range equalCases() {
		ty := v.Type()
		if !ty.IsObjectType() || v.IsNull() || len(ty.AttributeTypes()) != len(names) {
			continue
		}
		objects = append(objects, v)
	}
	if len(objects) < 20 {
		t.Fatalf("only %d objects to compare", len(objects))
	}
	for _, a := range objects {
		for _, b := range objects {
			for i := range names {
				some := names[i:]
				want := true
				for _, n := range some {
					want = want && a.GetAttr(n).RawEquals(b.GetAttr(n))
				}
				if got := EqualAttrs(a, b, some); got != want {
					t.Errorf("EqualAttrs(%#v, %#v, %v) = %v, RawEquals %v", a, b, some, got, want)
				}
			}
		}
	}
}

// equalCases are objects that differ from one base object in one
// attribute each way a value can differ (content, null, unknown, marks,
// type), and a few values of other shapes.
func equalCases() []cty.Value {
	tags := func(kv ...string) cty.Value {
		m := map[string]cty.Value{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = cty.StringVal(kv[i+1])
		}
		return cty.MapVal(m)
	}
	base := map[string]cty.Value{
		"s": cty.StringVal("x"), "b": cty.True, "n": cty.NumberIntVal(1), "z": cty.NullVal(cty.String),
		"l": cty.ListVal([]cty.Value{cty.StringVal("a")}), "o": cty.ObjectVal(map[string]cty.Value{"k": cty.StringVal("v")}),
		"m": tags("a", "1", "b", "2"),
	}
	with := func(name string, v cty.Value) cty.Value {
		m := map[string]cty.Value{}
		for k, x := range base {
			m[k] = x
		}
		m[name] = v
		return cty.ObjectVal(m)
	}
	vals := []cty.Value{
		cty.ObjectVal(base),
		with("s", cty.StringVal("y")), with("s", cty.NullVal(cty.String)), with("s", cty.UnknownVal(cty.String)),
		with("s", cty.StringVal("x").Mark("secret")), with("b", cty.False), with("b", cty.NullVal(cty.Bool)),
		with("n", cty.NumberFloatVal(1.0)), with("n", cty.NumberIntVal(2)), with("z", cty.StringVal("")),
		with("l", cty.ListVal([]cty.Value{cty.StringVal("b")})), with("o", cty.ObjectVal(map[string]cty.Value{"k": cty.StringVal("w")})),
		with("o", cty.ObjectVal(map[string]cty.Value{"k": cty.NullVal(cty.String)})), with("o", cty.NullVal(cty.Object(map[string]cty.Type{"k": cty.String}))),
		with("o", cty.ObjectVal(map[string]cty.Value{"k": cty.StringVal("v").Mark("secret")})), with("o", cty.UnknownVal(cty.Object(map[string]cty.Type{"k": cty.String}))),
		with("m", tags("a", "1")), with("m", tags("a", "1", "b", "3")), with("m", tags("a", "1", "c", "2")), with("m", tags("a", "1", "b", "2", "c", "3")),
		with("m", cty.MapValEmpty(cty.String)), with("m", cty.NullVal(cty.Map(cty.String))), with("m", cty.UnknownVal(cty.Map(cty.String))),
		with("m", cty.MapVal(map[string]cty.Value{"a": cty.StringVal("1"), "b": cty.StringVal("2").Mark("secret")})),
		with("m", cty.MapVal(map[string]cty.Value{"a": cty.StringVal("1"), "b": cty.UnknownVal(cty.String)})),
		with("m", tags("a", "1", "b", "2").Mark("secret")), with("z", cty.NullVal(cty.String).Mark("secret")),
		with("z", cty.UnknownVal(cty.String)),
		cty.ObjectVal(base).Mark("secret"), cty.NullVal(cty.ObjectVal(base).Type()), cty.UnknownVal(cty.ObjectVal(base).Type()),
		cty.EmptyObjectVal, cty.StringVal("x"), cty.ObjectVal(map[string]cty.Value{"s": cty.StringVal("x")}),
	}
	return vals
}

func TestWhollyKnownIsIsWhollyKnown(t *testing.T) {
	obj := func(v cty.Value) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{"s": cty.StringVal("x"), "n": cty.NullVal(cty.Number), "v": v})
	}
	vals := []cty.Value{
		cty.StringVal("x"), cty.UnknownVal(cty.String), cty.NullVal(cty.String), cty.EmptyObjectVal,
		obj(cty.True), obj(cty.UnknownVal(cty.Bool)), obj(cty.UnknownVal(cty.Bool).Mark("secret")), obj(cty.StringVal("x").Mark("secret")),
		obj(cty.ListVal([]cty.Value{cty.StringVal("a"), cty.UnknownVal(cty.String)})), obj(cty.ListValEmpty(cty.String)),
		obj(obj(cty.UnknownVal(cty.String))), obj(obj(cty.StringVal("deep"))), obj(obj(cty.NullVal(cty.String))),
		obj(cty.NullVal(obj(cty.True).Type())), obj(cty.UnknownVal(obj(cty.True).Type())),
		obj(cty.UnknownVal(cty.String)).Mark("secret"), obj(cty.StringVal("x")).Mark("secret"),
		cty.NullVal(obj(cty.True).Type()), cty.UnknownVal(obj(cty.True).Type()), cty.DynamicVal,
		obj(cty.DynamicVal), obj(cty.UnknownVal(cty.String).RefineNotNull()),
	}
	for _, v := range vals {
		if got, want := WhollyKnown(v), v.IsWhollyKnown(); got != want {
			t.Errorf("WhollyKnown(%#v) = %v, IsWhollyKnown %v", v, got, want)
		}
	}
}

func BenchmarkEqual(b *testing.B) {
	attrs := map[string]cty.Value{"size": cty.NumberIntVal(7), "tags": cty.MapVal(map[string]cty.Value{"team": cty.StringVal("platform")})}
	for i := range 22 {
		attrs[string(rune('a'+i))+"_attribute"] = cty.StringVal("value")
	}
	x, y := cty.ObjectVal(attrs), cty.ObjectVal(attrs)
	b.Run("RawEquals", func(b *testing.B) {
		for b.Loop() {
			if !x.RawEquals(y) {
				b.Fatal("unequal")
			}
		}
	})
	b.Run("Equal", func(b *testing.B) {
		for b.Loop() {
			if !Equal(x, y) {
				b.Fatal("unequal")
			}
		}
	})
}

// TestSamePlainIsRawEquals: where SamePlain answers (ok), it answers as
// RawEquals, for pairs of values of one type; it answers for nulls,
// strings and bools, never for a marked, unknown or numeric value
// against anything but a null.
func TestSamePlainIsRawEquals(t *testing.T) {
	groups := [][]cty.Value{
		{cty.StringVal("x"), cty.StringVal("y"), cty.StringVal("x").Mark("secret"), cty.UnknownVal(cty.String), cty.NullVal(cty.String), cty.NullVal(cty.String).Mark("secret")},
		{cty.True, cty.False, cty.True.Mark("secret"), cty.UnknownVal(cty.Bool), cty.NullVal(cty.Bool)},
		{cty.NumberIntVal(1), cty.NumberIntVal(1), cty.NumberIntVal(2), cty.NullVal(cty.Number)},
	}
	for _, vals := range groups {
		for _, a := range vals {
			for _, b := range vals {
				same, ok := SamePlain(Raw(a), Raw(b))
				plain := func(v cty.Value) bool {
					return v.IsNull() && !v.IsMarked() || v.IsKnown() && !v.IsMarked() && v.Type() != cty.Number
				}
				if want := plain(a) && plain(b) || a.IsNull() && !a.IsMarked() || b.IsNull() && !b.IsMarked(); ok != want {
					t.Errorf("SamePlain(%#v, %#v): ok %v, want %v", a, b, ok, want)
				}
				if ok && same != a.RawEquals(b) {
					t.Errorf("SamePlain(%#v, %#v) = %v, RawEquals %v", a, b, same, a.RawEquals(b))
				}
			}
		}
	}
}
