package lang

import (
	"fmt"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// TestUnmarkDeepAsCty checks the fast path against cty's own UnmarkDeep
// and UnmarkDeepWithPaths, for values with marks at every depth and none.
func TestUnmarkDeepAsCty(t *testing.T) {
	obj := func(inner cty.Value) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{
			"a": cty.StringVal("x"),
			"l": cty.ListVal([]cty.Value{inner}),
			"t": cty.TupleVal([]cty.Value{cty.True, cty.MapVal(map[string]cty.Value{"k": inner})}),
			"n": cty.NullVal(cty.String),
			"u": cty.UnknownVal(cty.Number),
		})
	}
	cases := map[string]cty.Value{
		"none":           obj(cty.StringVal("s")),
		"top":            obj(cty.StringVal("s")).Mark("sensitive"),
		"nested":         obj(cty.StringVal("s").Mark("sensitive")),
		"marked null":    cty.ObjectVal(map[string]cty.Value{"n": cty.NullVal(cty.String).Mark("sensitive")}),
		"set element":    cty.SetVal([]cty.Value{cty.StringVal("a").Mark("sensitive"), cty.StringVal("b")}),
		"primitive":      cty.StringVal("s"),
		"marked unknown": cty.UnknownVal(cty.String).Mark("sensitive"),
	}
	for name, v := range cases {
		got, gotMarks := UnmarkDeep(v)
		want, wantMarks := v.UnmarkDeep()
		if !got.RawEquals(want) || !gotMarks.Equal(wantMarks) {
			t.Errorf("%s: UnmarkDeep = %#v %v, cty: %#v %v", name, got, gotMarks, want, wantMarks)
		}
		gotP, gotPaths := UnmarkDeepWithPaths(v)
		wantP, wantPaths := v.UnmarkDeepWithPaths()
		if !gotP.RawEquals(wantP) || len(gotPaths) != len(wantPaths) {
			t.Errorf("%s: UnmarkDeepWithPaths = %#v %v, cty: %#v %v", name, gotP, gotPaths, wantP, wantPaths)
		}
		if got.ContainsMarked() {
			t.Errorf("%s: still marked: %#v", name, got)
		}
	}
}

// BenchmarkUnmarkDeepUnmarked is UnmarkDeep of an unmarked object of 24
// attributes and a map, the shape of a stored aws_s3_object: the check
// that finds no mark.
func BenchmarkUnmarkDeepUnmarked(b *testing.B) {
	attrs := map[string]cty.Value{"tags": cty.MapVal(map[string]cty.Value{"team": cty.StringVal("platform"), "env": cty.StringVal("prod")})}
	for i := range 24 {
		attrs[fmt.Sprintf("attribute_%02d", i)] = cty.StringVal("value")
	}
	v := cty.ObjectVal(attrs)
	for b.Loop() {
		if _, marks := UnmarkDeep(v); len(marks) != 0 {
			b.Fatal(marks)
		}
	}
}
