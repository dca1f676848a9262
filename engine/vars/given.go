package vars

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/config"
)

// GivenValue is a variable's value as a command was given it, and where.
type GivenValue struct {
	Value  cty.Value
	Source SourceType
	// Range is where a variables file gives the value; nil for -var and
	// environment values.
	Range *hcl.Range
}

// Given returns the values that environ (TF_VAR_ variables) and args (-var
// and -var-file) give mod's variables, parsed and converted as Finalize
// does, by name, without the automatically loaded files: what the apply
// of a saved plan was given, to compare with the values the plan holds
// (Terraform reads no terraform.tfvars there). Values given for undeclared
// variables are reported as Finalize reports them; variables given no
// value are absent.
func Given(mod *config.Module, environ []string, args []Arg) (map[string]GivenValue, hcl.Diagnostics) {
	raw, diags := collect(environ, nil, args)
	diags = append(diags, undeclared(mod, raw)...)
	out := map[string]GivenValue{}
	for name, v := range mod.Variables {
		rv := raw.Get(name)
		if rv == nil {
			continue
		}
		val, ds := finalizeOne(v, rv)
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		g := GivenValue{Value: val, Source: rv.Source}
		if rv.Expr != nil {
			g.Range = rv.Expr.Range().Ptr()
		}
		out[name] = g
	}
	return out, diags
}
