package ctymarshal

import (
	"bytes"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// sameAsCtyJSON fails t unless JSON(v, ty) answers as ctyjson.Marshal
// does: the same bytes, or an error both times.
func sameAsCtyJSON(t *testing.T, v cty.Value, ty cty.Type) {
	t.Helper()
	want, wantErr := ctyjson.Marshal(v, ty)
	got, err := JSON(v, ty)
	switch {
	case (err != nil) != (wantErr != nil):
		t.Errorf("JSON(%#v): error %v, cty/json's %v", v, err, wantErr)
	case err != nil && err.Error() != wantErr.Error():
		t.Errorf("JSON(%#v): error %q, cty/json's %q", v, err, wantErr)
	case !bytes.Equal(got, want):
		t.Errorf("JSON(%#v)\n got %s\nwant %s", v, got, want)
	}
}

var strs = []string{
	"", "plain", "with space", `quote"d`, `back\slash`, "<script>&amp;</script>", "tab\tnew\nline\rcr",
	"\b\f\x00\x1f\x7f", "é ü 日本", "\u2028\u2029", "invalid \xff\xfe utf-8", "emoji 😀", "~!@#$%^*()_+{}|:?",
}

func TestJSONIsCtyJSON(t *testing.T) {
	obj := func(attrs map[string]cty.Value) cty.Value { return cty.ObjectVal(attrs) }
	var vals []cty.Value
	for _, s := range strs {
		vals = append(vals, cty.StringVal(s), obj(map[string]cty.Value{"k": cty.StringVal(s)}),
			cty.MapVal(map[string]cty.Value{s: cty.StringVal(s)}))
	}
	huge, _, _ := big.ParseFloat("123456789012345678901234567890.125", 10, 512, big.ToNearestEven)
	for _, n := range []cty.Value{cty.NumberIntVal(0), cty.NumberFloatVal(math.Copysign(0, -1)), cty.NumberIntVal(math.MinInt64), cty.NumberIntVal(math.MaxInt64), cty.NumberUIntVal(math.MaxUint64), cty.NumberFloatVal(-2.0), cty.NumberIntVal(-42), cty.NumberIntVal(1 << 62), cty.NumberFloatVal(3.25),
		cty.NumberFloatVal(1e-9), cty.NumberFloatVal(1e21), cty.MustParseNumberVal("0.1"), cty.NumberVal(huge),
		cty.PositiveInfinity, cty.NegativeInfinity} {
		vals = append(vals, n, obj(map[string]cty.Value{"n": n}))
	}
	nested := obj(map[string]cty.Value{
		"b": cty.True, "f": cty.False, "nb": cty.NullVal(cty.Bool), "z": cty.NullVal(cty.String),
		"list":  cty.ListVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a")}),
		"set":   cty.SetVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a"), cty.StringVal("<")}),
		"nums":  cty.SetVal([]cty.Value{cty.NumberIntVal(10), cty.NumberIntVal(9)}),
		"tuple": cty.TupleVal([]cty.Value{cty.StringVal("x"), cty.NumberIntVal(1), cty.EmptyObjectVal}),
		"map":   cty.MapVal(map[string]cty.Value{"z": cty.StringVal("1"), "a": cty.StringVal("2")}),
		"empty": cty.ListValEmpty(cty.String), "emap": cty.MapValEmpty(cty.Number),
		"objs":  cty.ListVal([]cty.Value{obj(map[string]cty.Value{"p": cty.NumberIntVal(80), "q": cty.NullVal(cty.String)})}),
		"Zcase": cty.StringVal("upper first"), "a_b": cty.StringVal("underscore"),
	})
	vals = append(vals, nested, cty.EmptyObjectVal, cty.NullVal(nested.Type()),
		nested.Mark("secret"), obj(map[string]cty.Value{"s": cty.StringVal("x").Mark("secret")}),
		cty.UnknownVal(nested.Type()), obj(map[string]cty.Value{"u": cty.UnknownVal(cty.String)}),
		obj(map[string]cty.Value{"c": cty.CapsuleVal(cty.Capsule("c", reflect.TypeOf("")), new(string))}),
	)
	for _, v := range vals {
		sameAsCtyJSON(t, v, v.Type())
	}
	// Values of a type with dynamic parts, as a resource's schema with an
	// attribute of any type gives: cty/json records the value's own type.
	dynTy := cty.Object(map[string]cty.Type{"any": cty.DynamicPseudoType, "s": cty.String})
	for _, any := range []cty.Value{cty.StringVal("x"), cty.NullVal(cty.DynamicPseudoType), nested, cty.NumberIntVal(1)} {
		v := obj(map[string]cty.Value{"any": any, "s": cty.StringVal("y")})
		sameAsCtyJSON(t, v, dynTy)
	}
	sameAsCtyJSON(t, cty.StringVal("x"), cty.DynamicPseudoType)
	sameAsCtyJSON(t, cty.StringVal("x"), cty.Number) // not of the type: cty/json's error
}

// FuzzJSONStringIsCtyJSON checks strings beyond the list: any bytes.
func FuzzJSONStringIsCtyJSON(f *testing.F) {
	for _, s := range strs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := cty.ObjectVal(map[string]cty.Value{"k": cty.StringVal(s), strings.ToLower(s) + "x": cty.StringVal(s)})
		sameAsCtyJSON(t, v, v.Type())
	})
}

func BenchmarkJSON(b *testing.B) {
	attrs := map[string]cty.Value{"size": cty.NumberIntVal(7), "tags": cty.MapVal(map[string]cty.Value{"team": cty.StringVal("platform")}),
		"enabled": cty.True, "none": cty.NullVal(cty.String)}
	for i := range 30 {
		attrs[string(rune('a'+i%26))+"_attribute_"+string(rune('a'+i/26))] = cty.StringVal("value-of-an-attribute")
	}
	v := cty.ObjectVal(attrs)
	b.Run("cty", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ctyjson.Marshal(v, v.Type()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ctymarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := JSON(v, v.Type()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
