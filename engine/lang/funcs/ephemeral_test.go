package funcs

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestEphemeralAsNullNullsOnlyTheEphemeralParts(t *testing.T) {
	in := cty.ObjectVal(map[string]cty.Value{
		"token":  cty.StringVal("t").Mark(EphemeralMark),
		"secret": cty.StringVal("s").Mark(SensitiveMark),
		"both":   cty.StringVal("b").Mark(EphemeralMark).Mark(SensitiveMark),
		"list":   cty.ListVal([]cty.Value{cty.StringVal("x"), cty.StringVal("y").Mark(EphemeralMark)}),
		"plain":  cty.NumberIntVal(1),
	})
	got, err := EphemeralAsNullFunc.Call([]cty.Value{in})
	if err != nil {
		t.Fatal(err)
	}
	want := cty.ObjectVal(map[string]cty.Value{
		"token":  cty.NullVal(cty.String),
		"secret": cty.StringVal("s").Mark(SensitiveMark),
		"both":   cty.NullVal(cty.String).Mark(SensitiveMark),
		"list":   cty.ListVal([]cty.Value{cty.StringVal("x"), cty.NullVal(cty.String)}),
		"plain":  cty.NumberIntVal(1),
	})
	if !got.RawEquals(want) {
		t.Errorf("ephemeralasnull = %#v\nwant %#v", got, want)
	}
	whole, err := EphemeralAsNullFunc.Call([]cty.Value{cty.StringVal("t").Mark(EphemeralMark)})
	if err != nil || !whole.RawEquals(cty.NullVal(cty.String)) {
		t.Errorf("ephemeralasnull of an ephemeral string = %#v, %v", whole, err)
	}
}
