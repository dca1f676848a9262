package lang

import (
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// The conditional and the operators of compact expressions: ports of
// hclsyntax's ConditionalExpr, BinaryOpExpr and UnaryOpExpr Value
// without their diagnostics. Where hclsyntax reports one, these give up
// (ok false) and the caller asks hcl, as for every compact node; a
// diagnostic of a branch hclsyntax does not take (which it drops) also
// makes these give up, so an evaluation that succeeds is one hcl
// reports nothing for. compact_test.go compares them with hclsyntax.

// evalCond is hclsyntax.ConditionalExpr.Value of the condition nodes[n.a]
// and the results nodes[n.b] and nodes[n.c]: both results evaluated and
// unified (convert.UnifyUnsafe), the marks of all three on the result,
// an unknown of the unified type (refined from the two results) for an
// unknown condition.
func (c *compactCode) evalCond(n *compactNode, scope compactScope) (cty.Value, bool) {
	trueResult, ok := c.eval(n.b, scope)
	if !ok {
		return cty.DynamicVal, false
	}
	falseResult, ok := c.eval(n.c, scope)
	if !ok {
		return cty.DynamicVal, false
	}
	resultType := cty.DynamicPseudoType
	var convs [2]convert.Conversion
	switch {
	// A literal null converts to the other result's type.
	case isDynamicNull(trueResult):
		resultType = falseResult.Type()
		convs[0] = convert.GetConversionUnsafe(cty.DynamicPseudoType, resultType)
	case isDynamicNull(falseResult):
		resultType = trueResult.Type()
		convs[1] = convert.GetConversionUnsafe(cty.DynamicPseudoType, resultType)
	case trueResult.Type() == cty.DynamicPseudoType, falseResult.Type() == cty.DynamicPseudoType:
		// The result type stays unknown; both conversions are no-ops.
	default:
		var unified []convert.Conversion
		resultType, unified = convert.UnifyUnsafe([]cty.Type{trueResult.Type(), falseResult.Type()})
		copy(convs[:], unified)
	}
	if resultType == cty.NilType {
		return cty.DynamicVal, false // "Inconsistent conditional result types"
	}

	condResult, ok := c.eval(n.a, scope)
	if !ok || condResult.IsNull() {
		return cty.DynamicVal, false // or "Null condition"
	}
	condResult, condMarks := condResult.Unmark()
	trueResult, trueMarks := trueResult.Unmark()
	falseResult, falseMarks := falseResult.Unmark()
	resMarks := []cty.ValueMarks{condMarks, trueMarks, falseMarks}

	if !condResult.IsKnown() {
		return unknownCondResult(resultType, trueResult, falseResult).WithMarks(resMarks...), true
	}

	condResult, err := convert.Convert(condResult, cty.Bool)
	if err != nil {
		return cty.DynamicVal, false // "Incorrect condition type"
	}
	res, conv := falseResult, convs[1]
	if condResult.True() {
		res, conv = trueResult, convs[0]
	}
	if conv != nil {
		if res, err = conv(res); err != nil {
			return cty.DynamicVal, false // "Inconsistent conditional result types"
		}
	}
	return res.WithMarks(resMarks...), true
}

// isDynamicNull is v.RawEquals(cty.NullVal(cty.DynamicPseudoType)),
// hclsyntax's test for a literal null result, without building the
// value: a null of the dynamic type without marks.
func isDynamicNull(v cty.Value) bool {
	return v.Type() == cty.DynamicPseudoType && !v.IsMarked() && v.IsNull()
}

// unknownCondResult is the result of a conditional whose condition is
// unknown, from the unmarked results, as hclsyntax refines it.
func unknownCondResult(resultType cty.Type, trueResult, falseResult cty.Value) cty.Value {
	trueRange := trueResult.Range()
	falseRange := falseResult.Range()

	// If both results are null, so is the result.
	if trueResult.IsNull() && falseResult.IsNull() {
		return cty.NullVal(resultType)
	}

	// Two numbers: the union of their ranges.
	if trueResult.Type() == cty.Number && falseResult.Type() == cty.Number {
		ref := cty.UnknownVal(cty.Number).Refine()
		if trueRange.DefinitelyNotNull() && falseRange.DefinitelyNotNull() {
			ref = ref.NotNull()
		}

		falseLo, falseLoInc := falseRange.NumberLowerBound()
		falseHi, falseHiInc := falseRange.NumberUpperBound()
		trueLo, trueLoInc := trueRange.NumberLowerBound()
		trueHi, trueHiInc := trueRange.NumberUpperBound()

		if falseLo.IsKnown() && trueLo.IsKnown() {
			lo, loInc := falseLo, falseLoInc
			switch {
			case trueLo.LessThan(falseLo).True():
				lo, loInc = trueLo, trueLoInc
			case trueLo.Equals(falseLo).True():
				loInc = trueLoInc || falseLoInc
			}
			ref = ref.NumberRangeLowerBound(lo, loInc)
		}

		if falseHi.IsKnown() && trueHi.IsKnown() {
			hi, hiInc := falseHi, falseHiInc
			switch {
			case trueHi.GreaterThan(falseHi).True():
				hi, hiInc = trueHi, trueHiInc
			case trueHi.Equals(falseHi).True():
				hiInc = trueHiInc || falseHiInc
			}
			ref = ref.NumberRangeUpperBound(hi, hiInc)
		}
		return ref.NewValue()
	}

	// Two collections of one type: the union of their length ranges.
	if trueResult.Type().IsCollectionType() && falseResult.Type().IsCollectionType() {
		if trueResult.Type().Equals(falseResult.Type()) {
			ref := cty.UnknownVal(resultType).Refine()
			if trueRange.DefinitelyNotNull() && falseRange.DefinitelyNotNull() {
				ref = ref.NotNull()
			}
			lo := min(trueRange.LengthLowerBound(), falseRange.LengthLowerBound())
			hi := max(trueRange.LengthUpperBound(), falseRange.LengthUpperBound())
			ref = ref.CollectionLengthLowerBound(lo).CollectionLengthUpperBound(hi)
			return ref.NewValue()
		}
	}

	ret := cty.UnknownVal(resultType)
	if trueRange.DefinitelyNotNull() && falseRange.DefinitelyNotNull() {
		ret = ret.RefineNotNull()
	}
	return ret
}

// evalBinary is hclsyntax.BinaryOpExpr.Value of the operation
// compactOps[n.n] on nodes[n.b] and nodes[n.c]: both operands converted
// to the function's parameter types, its short circuit (&& and ||), its
// call, the operands' marks on the result.
func (c *compactCode) evalBinary(n *compactNode, scope compactScope) (cty.Value, bool) {
	op := compactOps[n.n]
	params := op.Impl.Params()
	lhs, ok := c.eval(n.b, scope)
	if !ok {
		return cty.DynamicVal, false
	}
	lhs, err := convert.Convert(lhs, params[0].Type)
	if err != nil {
		return cty.DynamicVal, false // "Invalid operand"
	}
	rhs, ok := c.eval(n.c, scope)
	if !ok {
		return cty.DynamicVal, false
	}
	rhs, err = convert.Convert(rhs, params[1].Type)
	if err != nil {
		return cty.DynamicVal, false
	}
	lhs, lhsMarks := lhs.Unmark()
	rhs, rhsMarks := rhs.Unmark()
	if op.ShortCircuit != nil {
		forced, diags := op.ShortCircuit(lhs, rhs, nil, nil)
		if forced != cty.NilVal {
			if len(diags) > 0 {
				return cty.DynamicVal, false
			}
			return forced.WithMarks(lhsMarks, rhsMarks), true
		}
	}
	if res, ok := equality(op, lhs, rhs); ok {
		return res.WithMarks(lhsMarks, rhsMarks), true
	}
	res, err := op.Impl.Call([]cty.Value{lhs, rhs})
	if err != nil {
		return cty.DynamicVal, false // "Operation failed"
	}
	return res.WithMarks(lhsMarks, rhsMarks), true
}

// equality is == and != of two unmarked values of primitive types (which
// hold no marks deeper down) when their equality is known: what stdlib's
// EqualFunc and NotEqualFunc return (Equals, and its negation), without
// function.Call's checks of each argument against parameters that take
// any value (a tenth of evaluating count.index == 0). ok is false for
// another operation or other operands, and for an unknown result, which
// Call refines; Call also carries the marks of a collection's elements
// over to the result.
func equality(op *hclsyntax.Operation, lhs, rhs cty.Value) (cty.Value, bool) {
	if op != hclsyntax.OpEqual && op != hclsyntax.OpNotEqual ||
		!lhs.Type().IsPrimitiveType() || !rhs.Type().IsPrimitiveType() {
		return cty.NilVal, false
	}
	eq := lhs.Equals(rhs)
	if !eq.IsKnown() {
		return cty.NilVal, false
	}
	if op == hclsyntax.OpNotEqual {
		return eq.Not(), true
	}
	return eq, true
}

// evalUnary is hclsyntax.UnaryOpExpr.Value of the operation
// compactOps[n.n] on nodes[n.b].
func (c *compactCode) evalUnary(n *compactNode, scope compactScope) (cty.Value, bool) {
	op := compactOps[n.n]
	v, ok := c.eval(n.b, scope)
	if !ok {
		return cty.DynamicVal, false
	}
	v, err := convert.Convert(v, op.Impl.Params()[0].Type)
	if err != nil {
		return cty.DynamicVal, false // "Invalid operand"
	}
	res, err := op.Impl.Call([]cty.Value{v})
	if err != nil {
		return cty.DynamicVal, false // "Operation failed"
	}
	return res, true
}
