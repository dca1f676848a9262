package run

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/vars"
)

// checkSavedVariables compares the variable values the apply of saved plan
// p was given (req.Vars and req.Environ's TF_VAR_ variables) with those
// the plan was made with, as Terraform does: a saved plan is applied with
// its own values, so a -var or -var-file value that differs is an error
// ("Can't change variable when applying a saved plan"), and a TF_VAR_
// value that differs a warning that it is ignored. Values for undeclared
// variables are reported as a plan reports them; terraform.tfvars and
// *.auto.tfvars files are not read.
func checkSavedVariables(p *plans.Plan, root *config.Module, req Request) hcl.Diagnostics {
	given, diags := vars.Given(root, req.Environ, req.Vars)
	if diags.HasErrors() {
		return diags
	}
	names := make([]string, 0, len(given))
	for name := range given {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		g := given[name]
		if decl := root.Variables[name]; decl != nil && decl.Ephemeral {
			// Not in the plan: the apply takes it (ephemeralSavedVariables).
			p.Variables[name] = g.Value
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

// ephemeralSavedVariables checks that the apply of saved plan p is given
// every ephemeral variable the plan was made with: their values are never
// saved, as in Terraform. checkSavedVariables has set those given.
func ephemeralSavedVariables(p *plans.Plan, root *config.Module) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range p.EphemeralVariables {
		if _, ok := p.Variables[name]; ok {
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
