package lang

import (
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// ProviderFunctionName is the name configuration calls a provider-defined
// function by: provider::NAME::FUNC.
func ProviderFunctionName(provider, fn string) string {
	return "provider::" + provider + "::" + fn
}

// ProviderFunction wraps a provider-defined function with signature sig as
// a cty function that calls call. Marks (sensitive) on arguments carry to
// the result; an unknown argument whose parameter does not allow unknowns
// gives an unknown result without a call. An error that names an argument
// index becomes that argument's error.
func ProviderFunction(sig *schema.Function, call func(args []cty.Value) (cty.Value, int, error)) function.Function {
	param := func(p schema.FunctionParam) function.Parameter {
		return function.Parameter{Name: p.Name, Type: p.Type, AllowNull: p.AllowNull, AllowUnknown: p.AllowUnknown, AllowDynamicType: true}
	}
	spec := &function.Spec{Description: sig.Summary, Type: function.StaticReturnType(sig.Return)}
	for _, p := range sig.Parameters {
		spec.Params = append(spec.Params, param(p))
	}
	if sig.VariadicParameter != nil {
		vp := param(*sig.VariadicParameter)
		spec.VarParam = &vp
	}
	spec.Impl = func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, argIdx, err := call(args)
		if err != nil && argIdx >= 0 {
			return cty.UnknownVal(sig.Return), function.NewArgError(argIdx, err)
		}
		if err != nil {
			return cty.UnknownVal(sig.Return), err
		}
		return v, nil
	}
	return function.New(spec)
}
