package render

import (
	"fmt"
	"io"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/schema"
)

// TestEqualValuesShortcutIsTheWholeComparison: equalValues' shortcut for
// nulls answers as the whole comparison does, for every pair of a set of
// values with nulls of several types, unknowns, sensitive values at the
// top and inside, and collections.
func TestEqualValuesShortcutIsTheWholeComparison(t *testing.T) {
	obj := cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x"), "b": cty.NumberIntVal(1)})
	secretInside := cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x").Mark(sensitiveMark), "b": cty.NumberIntVal(1)})
	vals := []cty.Value{
		cty.NullVal(cty.String), cty.NullVal(cty.DynamicPseudoType), cty.NullVal(obj.Type()), cty.NullVal(cty.Map(cty.String)),
		cty.NullVal(cty.String).Mark(sensitiveMark),
		cty.StringVal(""), cty.StringVal("x"), cty.StringVal("x").Mark(sensitiveMark), cty.NumberIntVal(1), cty.True,
		cty.UnknownVal(cty.String), cty.DynamicVal, cty.UnknownVal(cty.String).Mark(sensitiveMark),
		obj, secretInside, cty.ObjectVal(map[string]cty.Value{"a": cty.UnknownVal(cty.String), "b": cty.NumberIntVal(1)}),
		cty.MapValEmpty(cty.String), cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v")}),
		cty.ListVal([]cty.Value{cty.StringVal("x").Mark(sensitiveMark)}), cty.EmptyObjectVal,
	}
	shortcuts := 0
	for _, a := range vals {
		for _, b := range vals {
			if !a.IsMarked() && !b.IsMarked() && (a.IsNull() || b.IsNull()) {
				shortcuts++
			}
			if got, want := equalValues(a, b), equalWhole(a, b); got != want {
				t.Errorf("equalValues(%#v, %#v) = %v, the whole comparison %v", a, b, got, want)
			}
		}
	}
	if shortcuts < 50 {
		t.Errorf("only %d pairs took the shortcut", shortcuts)
	}
}

// BenchmarkPlanCreates renders 1,000 creates of an object of twelve
// attributes, half of them null, through its schema: the bulk of an
// apply-from-empty's plan text.
func BenchmarkPlanCreates(b *testing.B) {
	blk := &schema.Block{Attributes: map[string]*schema.Attribute{"tags": {Type: cty.Map(cty.String), Optional: true}}}
	attrs := map[string]cty.Value{"tags": cty.MapVal(map[string]cty.Value{"team": cty.StringVal("platform")})}
	for i := range 11 {
		name := fmt.Sprintf("attr_%02d", i)
		blk.Attributes[name] = &schema.Attribute{Type: cty.String, Optional: true}
		attrs[name] = cty.NullVal(cty.String)
		if i%2 == 0 {
			attrs[name] = cty.StringVal(fmt.Sprintf("value %d", i))
		}
	}
	after := cty.ObjectVal(attrs)
	p := &plans.Plan{}
	for i := range 1000 {
		p.Changes = append(p.Changes, &plans.ResourceChange{Addr: res("aws_s3_object", "o", addrs.IntKey(i)), ProviderKey: "aws",
			Action: plans.Create, Before: cty.NullVal(after.Type()), After: after})
	}
	schemas := Schemas(func(*plans.ResourceChange) *schema.Block { return blk })
	b.ReportAllocs()
	for b.Loop() {
		Plan(io.Discard, p, NoColor, schemas)
	}
}
