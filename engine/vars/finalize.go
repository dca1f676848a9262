package vars

import (
	"fmt"
	"regexp"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/schema"
)

// Finalize turns raw values into the root module's variable values: each
// declared variable gets its winning raw value (parsed and converted to
// its type, with optional() attribute defaults applied) or its default,
// and its validation rules are checked with funcs available. A required
// variable without a value, a value that does not convert, a failed
// validation and a -var for an undeclared variable are errors; a file
// value for an undeclared variable is a warning. The values are returned
// unmarked: marking sensitive variables is the planner's job.
func Finalize(mod *config.Module, raw Raw, funcs map[string]function.Function) (map[string]cty.Value, hcl.Diagnostics) {
	diags := undeclared(mod, raw)
	out := make(map[string]cty.Value, len(mod.Variables))
	names := make([]string, 0, len(mod.Variables))
	for name := range mod.Variables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v := mod.Variables[name]
		val, valDiags := finalizeOne(v, raw.Get(name))
		diags = append(diags, valDiags...)
		if valDiags.HasErrors() {
			out[name] = cty.UnknownVal(v.Type)
			continue
		}
		out[name] = val
	}
	others := markSensitive(mod.Variables, out)
	for _, name := range names {
		v := mod.Variables[name]
		if val := out[name]; val.IsWhollyKnown() {
			diags = append(diags, validate(v, val, others, funcs)...)
		}
	}
	return out, diags
}

// NoValueSummary is the summary of the error Finalize reports for a
// required variable without a value (whose value it leaves unknown).
const NoValueSummary = "No value for required variable"

// markSensitive returns values with those of sensitive variables marked,
// for validation rules that refer to other variables.
func markSensitive(decls map[string]*config.Variable, values map[string]cty.Value) map[string]cty.Value {
	out := make(map[string]cty.Value, len(values))
	for name, val := range values {
		if d := decls[name]; d != nil && d.Sensitive {
			val = val.Mark(sensitiveMark)
		}
		out[name] = val
	}
	return out
}

// finalizeOne returns v's value from rv (nil when nothing was given).
func finalizeOne(v *config.Variable, rv *RawValue) (cty.Value, hcl.Diagnostics) {
	if rv == nil {
		if v.Required() {
			return cty.DynamicVal, hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  NoValueSummary,
				Detail: fmt.Sprintf("The root module input variable %q is not set and has no default value. Give it a value with a -var or -var-file option, a terraform.tfvars file, or a TF_VAR_%s environment variable.",
					v.Name, v.Name),
				Subject: v.DeclRange.Ptr(),
			}}
		}
		return v.Default, nil
	}
	val, rng, diags := parse(v, rv)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	if val.IsNull() {
		if v.Nullable {
			return cty.NullVal(v.Type), diags
		}
		if !v.Required() {
			return v.Default, diags
		}
		return cty.DynamicVal, append(diags, unsuitable(v, rv, rng, "required variable may not be set to null"))
	}
	if v.TypeDefaults != nil {
		val = v.TypeDefaults.Apply(val)
	}
	converted, err := convert.Convert(val, v.Type)
	if err != nil {
		return cty.DynamicVal, append(diags, unsuitable(v, rv, rng, conversionMessage(err)))
	}
	return converted, diags
}

// parse evaluates a raw value without variables or functions, as
// Terraform does for every value given from outside the configuration.
func parse(v *config.Variable, rv *RawValue) (cty.Value, hcl.Range, hcl.Diagnostics) {
	if rv.Expr != nil {
		val, diags := rv.Expr.Value(nil)
		return val, rv.Expr.Range(), diags
	}
	filename := fmt.Sprintf("<value for var.%s>", v.Name)
	rng := hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.Pos{Line: 1, Column: len(rv.String) + 1, Byte: len(rv.String)}}
	if v.ParsingMode == config.ParseLiteral {
		return cty.StringVal(rv.String), rng, nil
	}
	expr, diags := hclsyntax.ParseExpression([]byte(rv.String), filename, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.DynamicVal, rng, diags
	}
	val, valDiags := expr.Value(nil)
	return val, rng, append(diags, valDiags...)
}

// unsuitable reports a value that does not fit v, worded as Terraform
// words it for each source: a file's value is located at its expression,
// a -var option's or environment variable's at the declaration.
func unsuitable(v *config.Variable, rv *RawValue, rng hcl.Range, reason string) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid value for input variable", Subject: v.DeclRange.Ptr()}
	switch rv.Source {
	case SourceVar:
		d.Detail = fmt.Sprintf("Unsuitable value for var.%s set using -var=\"%s=...\": %s.", v.Name, v.Name, reason)
	case SourceEnv:
		d.Detail = fmt.Sprintf("Unsuitable value for var.%s set using the TF_VAR_%s environment variable: %s.", v.Name, v.Name, reason)
	default:
		d.Detail = fmt.Sprintf("The given value is not suitable for var.%s declared at %s: %s.", v.Name, v.DeclRange, reason)
		d.Subject = rng.Ptr()
	}
	return d
}

// undeclared reports values given for variables the module does not
// declare: warnings for files, errors for -var, nothing for environment
// variables (which are often set for many stacks at once).
func undeclared(mod *config.Module, raw Raw) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, rv := range raw.Values {
		if _, ok := mod.Variables[rv.Name]; ok {
			continue
		}
		switch rv.Source {
		case SourceVar:
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("A variable named %q was assigned with -var, but the root module does not declare a variable of that name. To use this value, add a variable block to the configuration.", rv.Name),
			})
		case SourceAutoFile, SourceVarFile:
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("The root module does not declare a variable named %q but a value was found in file %q. If you meant to use this value, add a variable block to the configuration.", rv.Name, rv.Origin),
				Subject:  rv.NameRange.Ptr(),
			})
		}
	}
	return diags
}

// conversionMessage renders a conversion error as Terraform 1.11 does:
// schema.FormatPathError without the ", but have TYPE" that newer cty
// versions add to a type mismatch.
func conversionMessage(err error) string {
	return butHaveRE().ReplaceAllString(schema.FormatPathError(err), "")
}

var butHaveRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`, but have [^:]+$`) })
