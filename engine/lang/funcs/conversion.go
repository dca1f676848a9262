package funcs

import (
	"strconv"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// MakeToFunc returns a Terraform "to..." conversion function (tostring,
// tonumber, tobool, toset, tolist, tomap) converting its argument to want,
// which may be a type constraint such as cty.List(cty.DynamicPseudoType)
// ("list of any single type"). A conversion that cannot succeed fails with
// an error saying what was given and what was wanted.
func MakeToFunc(want cty.Type) function.Function {
	return function.New(&function.Spec{
		Description: "Converts a value to " + want.FriendlyNameForConstraint() + ".",
		Params: []function.Parameter{{
			// Any type passes through so that the errors below, worded for
			// an explicit conversion, replace cty's implicit-conversion ones.
			Name: "v", Type: cty.DynamicPseudoType,
			// Marks pass through too: convert keeps nested marks where they
			// are, so a list with one sensitive element stays that way.
			AllowNull: true, AllowDynamicType: true, AllowMarked: true,
		}},
		Type: func(args []cty.Value) (cty.Type, error) {
			got := args[0].Type()
			if got.Equals(want) || convert.GetConversionUnsafe(got, want) != nil {
				return want, nil
			}
			switch {
			case got.IsTupleType() && want.IsTupleType(), got.IsObjectType() && want.IsObjectType():
				return cty.NilType, function.NewArgErrorf(0, "incompatible %s for conversion: %s", got.FriendlyName(), convert.MismatchMessage(got, want))
			default:
				return cty.NilType, function.NewArgErrorf(0, "cannot convert %s to %s", got.FriendlyName(), want.FriendlyNameForConstraint())
			}
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			out, err := convert.Convert(args[0], retType)
			if err == nil {
				return out, nil
			}
			v, _ := args[0].UnmarkDeep() // guard hides the message if v was sensitive
			// The type check above lets through conversions that depend on
			// the value, such as "x" to number; say which value failed.
			what := v.Type().FriendlyName()
			if v.Type() == cty.String && !v.IsNull() {
				what = strconv.Quote(v.AsString())
			}
			switch {
			case v.Type() == cty.String && want == cty.Number:
				return cty.NilVal, function.NewArgErrorf(0, "cannot convert %s to number; given string must be a decimal representation of a number", what)
			case v.Type() == cty.String && want == cty.Bool:
				return cty.NilVal, function.NewArgErrorf(0, `cannot convert %s to bool; only the strings "true" or "false" are allowed`, what)
			default:
				return cty.NilVal, function.NewArgErrorf(0, "cannot convert %s to %s: %s", v.Type().FriendlyName(), want.FriendlyNameForConstraint(), err)
			}
		},
	})
}
