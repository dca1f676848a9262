package lang

import (
	"math"
	"math/big"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// opValues are the values the conditional and operator tests give each
// variable: known, unknown, refined, marked and null values of every
// type the operations take or unify, and some they refuse.
func opValues() []cty.Value {
	refinedNum := cty.UnknownVal(cty.Number).Refine().NotNull().
		NumberRangeLowerBound(cty.NumberIntVal(1), false).NumberRangeUpperBound(cty.NumberIntVal(5), false).NewValue()
	refinedList := cty.UnknownVal(cty.List(cty.String)).Refine().NotNull().
		CollectionLengthLowerBound(1).CollectionLengthUpperBound(3).NewValue()
	return []cty.Value{
		cty.True,
		cty.False,
		cty.UnknownVal(cty.Bool),
		cty.True.Mark("sensitive"),
		cty.UnknownVal(cty.Bool).RefineNotNull().Mark("sensitive"),
		cty.NullVal(cty.Bool),
		cty.NullVal(cty.DynamicPseudoType),
		cty.DynamicVal,
		cty.NumberIntVal(0),
		cty.NumberIntVal(3),
		cty.NumberFloatVal(2.5).Mark("sensitive"),
		refinedNum,
		cty.StringVal("true"),
		cty.StringVal("x"),
		cty.UnknownVal(cty.String).Refine().NotNull().StringPrefix("pre-").NewValue(),
		cty.ListVal([]cty.Value{cty.StringVal("l0"), cty.StringVal("l1")}),
		refinedList,
		cty.ListValEmpty(cty.String).Mark("sensitive"),
		cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("o")}),
		cty.TupleVal([]cty.Value{cty.NumberIntVal(1), cty.StringVal("t")}),
	}
}

// TestCompactOperationsEqualHCL: conditionals and operators, compact,
// evaluate as hclsyntax's in every combination of the opValues of their
// variables (value, marks, refinements, and the diagnostics, which the
// compact form leaves to hcl).
func TestCompactOperationsEqualHCL(t *testing.T) {
	exprs := []string{
		`a ? b : c`,
		`a ? b : null`,
		`a ? null : c`,
		`a ? null : null`,
		`a == b ? "v0" : "v${b}"`,
		`a ? [b] : [c]`,
		`a ? b : 1`,
		`a ? b : 5`,
		`a ? 1 : b`,
		`a ? 1 : 5`,
		`a ? { x = b } : { x = c }`,
		`a ? "${b}-${c}" : "x"`,
		`(a ? b : c).a`,
		`a && b || !c`,
		`a || b`,
		`a == b`,
		`a != c`,
		`a < b`,
		`a >= c`,
		`a + b`,
		`a - c * b`,
		`a / b`,
		`a % b`,
		`-a`,
		`!a`,
		`count.index == 0 ? "v0" : "v${count.index}"`,
	}
	vals := opValues()
	all := (&Scope{}).Functions()
	funcs := map[string]function.Function{"tolist": all["tolist"]}
	var own, handed int
	for i, src := range exprs {
		parsed := attributeExprs([]byte("resource \"x\" \"y\" {\n  v = "+src+"\n}\n"), "ops.tf")
		if len(parsed) != 1 {
			t.Fatalf("%s: does not parse", src)
		}
		c := compactOf(parsed[0])
		if c == nil {
			t.Fatalf("%s: not compact", src)
		}
		var ctxs []*hcl.EvalContext
		for ia, a := range vals {
			for ib, b := range vals {
				for ic, cv := range vals {
					if testing.Short() && (ia+ib+ic+i)%5 != 0 {
						continue
					}
					ctxs = append(ctxs, &hcl.EvalContext{Functions: funcs, Variables: map[string]cty.Value{
						"a": a, "b": b, "c": cv,
						"count": cty.ObjectVal(map[string]cty.Value{"index": a}),
					}})
				}
			}
		}
		o, h := differential(t, parsed[0].expr, c, ctxs)
		own, handed = own+o, handed+h
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d expressions: %d evaluations compact, %d handed to hcl", len(exprs), own, handed)
	if own < handed/2 || handed == 0 {
		t.Errorf("too little compared: %d compact evaluations, %d handed to hcl", own, handed)
	}
}

// templatePart's shortcuts give what hcl's conversion gives.
func TestTemplatePartConvertsAsHCL(t *testing.T) {
	huge, _ := new(big.Float).SetString("1180591620717411303424") // 2^70
	for _, v := range []cty.Value{
		cty.NumberIntVal(0), cty.NumberFloatVal(math.Copysign(0, -1)), cty.NumberIntVal(1), cty.NumberIntVal(-7),
		cty.NumberIntVal(math.MaxInt64), cty.NumberIntVal(math.MinInt64), cty.NumberFloatVal(2.5),
		cty.NumberFloatVal(1e30), cty.NumberVal(huge), cty.MustParseNumberVal("0.1"),
		cty.StringVal(""), cty.StringVal("objects/"), cty.StringVal("e\u0301"), cty.True,
	} {
		want, err := convert.Convert(v, cty.String)
		got, ok := templatePart(v)
		if !ok || err != nil || got != want.AsString() {
			t.Errorf("templatePart(%#v) = %q, %v; convert gives %#v, %v", v, got, ok, want, err)
		}
	}
	if _, ok := templatePart(cty.ListValEmpty(cty.String)); ok {
		t.Error("a list converted to a template part")
	}
}
