package run

import (
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/vars"
)

// savedPlanVariables takes the variable values the apply of saved plan p
// was given (req.Vars and req.Environ's TF_VAR_ variables; terraform.tfvars
// and *.auto.tfvars files are not read): it checks them against the
// plan's (checkSavedVariables), and adds the ephemeral ones, which a plan
// never holds (ephemeralSavedVariables). Values for undeclared variables
// are reported as a plan reports them.
func savedPlanVariables(p *plans.Plan, root *config.Module, req Request) hcl.Diagnostics {
	given, diags := vars.Given(root, req.Environ, req.Vars)
	if diags.HasErrors() {
		return diags
	}
	diags = append(diags, checkSavedVariables(p, root, given)...)
	return append(diags, ephemeralSavedVariables(p, root, given)...)
}

// checkSavedVariables compares the values given to the apply of saved plan
// p with those the plan was made with, as Terraform does: a saved plan is
// applied with its own values, so a -var or -var-file value that differs
// is an error ("Can't change variable when applying a saved plan"), and a
// TF_VAR_ value that differs a warning that it is ignored. Ephemeral
// variables are left to ephemeralSavedVariables.
func checkSavedVariables(p *plans.Plan, root *config.Module, given map[string]vars.GivenValue) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range slices.Sorted(maps.Keys(given)) {
		g := given[name]
		if decl := root.Variables[name]; decl != nil && decl.Ephemeral {
			continue
		}
		planned, ok := p.Variables[name]
		if !ok || planned.RawEquals(g.Value) {
			continue
		}
		show := func(v cty.Value) string {
			if root.Variables[name].Sensitive {
				return "(sensitive value)"
			}
			// On one line, as JSON: "b", ["y"], {"a":1}.
			if b, err := ctyjson.Marshal(v, v.Type()); err == nil {
				return string(b)
			}
			return render.Value(v)
		}
		const why = "because a saved plan includes the variable values that were set when it was created"
		if g.Source == vars.SourceEnv {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Ignoring variable when applying a saved plan",
				Detail: fmt.Sprintf("The variable %s cannot be overridden when applying a saved plan file, %s. The saved plan specifies %s as the value whereas during apply the value %s was set by an environment variable.",
					name, why, show(planned), show(g.Value)),
			})
			continue
		}
		by := "a CLI argument"
		if g.Source == vars.SourceVarFile {
			by = "a .tfvars file passed through -var-file argument"
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Can't change variable when applying a saved plan",
			Detail: fmt.Sprintf("The variable %s cannot be set using the -var and -var-file options when applying a saved plan file, %s. The saved plan specifies %s as the value whereas during apply the value %s was set by %s.",
				name, why, show(planned), show(g.Value), by),
			Subject: g.Range,
		})
	}
	return diags
}

// ephemeralSavedVariables adds to saved plan p the ephemeral variables'
// values given to its apply, and requires each one the plan was made
// with: their values are never saved, as in Terraform.
func ephemeralSavedVariables(p *plans.Plan, root *config.Module, given map[string]vars.GivenValue) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for name, g := range given {
		if decl := root.Variables[name]; decl != nil && decl.Ephemeral {
			p.Variables[name] = g.Value
		}
	}
	for _, name := range p.EphemeralVariables {
		if _, ok := given[name]; ok {
			continue
		}
		d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: vars.NoValueSummary,
			Detail: fmt.Sprintf("The ephemeral input variable %q was set during the plan phase, and so must also be set during the apply phase.", name)}
		if decl := root.Variables[name]; decl != nil {
			d.Subject = decl.DeclRange.Ptr()
		}
		diags = append(diags, d)
	}
	return diags
}
