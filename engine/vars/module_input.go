package vars

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trueup/trueup/engine/config"
)

// ModuleInput turns the value a module call gives for a child module's
// variable v (cty.NilVal when the call does not set it) into the
// variable's value, as Terraform does: the default when unset or null and
// not nullable, optional() attribute defaults, conversion to the declared
// type, then the validation rules (checked only once the value is known).
// callRange is the module block, for a missing required argument; rng is
// the argument's expression. others are the values of the module
// instance's other variables that v's validation rules refer to, with
// sensitive ones marked "sensitive". addr names the variable in messages,
// as Terraform does: "module.net.var.cidr" (with instance keys at plan).
func ModuleInput(v *config.Variable, addr string, given cty.Value, callRange, rng hcl.Range, others map[string]cty.Value, funcs map[string]function.Function) (cty.Value, hcl.Diagnostics) {
	if given == cty.NilVal {
		if v.Required() {
			return cty.UnknownVal(v.Type), hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Missing required argument",
				Detail:   fmt.Sprintf("The argument %q is required, but no definition was found.", v.Name),
				Subject:  callRange.Ptr(),
			}}
		}
		return v.Default, nil
	}
	unmarked, marks := given.Unmark()
	if unmarked.IsNull() {
		switch {
		case v.Nullable:
			return cty.NullVal(v.Type).WithMarks(marks), nil
		case !v.Required():
			return v.Default, nil
		}
		return cty.UnknownVal(v.Type), hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid value for variable",
			Detail:  fmt.Sprintf("The variable %q is required and not nullable, so it must not be set to null.", v.Name),
			Subject: rng.Ptr(),
		}}
	}
	val := given
	if v.TypeDefaults != nil && given.IsWhollyKnown() && !given.ContainsMarked() {
		val = v.TypeDefaults.Apply(val)
	}
	converted, err := convert.Convert(val, v.Type)
	if err != nil {
		return cty.UnknownVal(v.Type), hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid value for input variable",
			Detail:  fmt.Sprintf("The given value is not suitable for %s declared at %s: %s.", addr, v.DeclRange, conversionMessage(err)),
			Subject: rng.Ptr(),
		}}
	}
	if !converted.IsWhollyKnown() {
		return converted, nil
	}
	plain, _ := converted.UnmarkDeep()
	return converted, validate(v, plain, others, funcs)
}
