package funcs

import (
	"errors"
	"maps"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// templateParams are templatefile's parameters. Marks pass through so that
// HCL's template engine keeps a sensitive variable's mark on exactly the
// parts of the result made from it.
var templateParams = []function.Parameter{
	{Name: "path", Type: cty.String, AllowMarked: true},
	{Name: "vars", Type: cty.DynamicPseudoType, AllowMarked: true},
}

// errRecursiveTemplate is the error of templatefile called from a template.
var errRecursiveTemplate = errors.New("cannot recursively call templatefile from inside templatefile call")

// templateFileFunc returns templatefile(path, vars): the file at path
// (relative to baseDir) rendered as an HCL template whose only variables are
// the keys of vars. The template may call every function of table() except
// templatefile itself. table is called at render time, so the template sees
// the caller's final function table (including pureOnly substitutions).
func templateFileFunc(baseDir string, table func() map[string]function.Function) function.Function {
	render := func(args []cty.Value) (cty.Value, error) {
		p, pathMarks := args[0].Unmark()
		vars, varsMarks := args[1].Unmark()
		v, err := renderTemplateFile(baseDir, p.AsString(), vars, templateTable(table()))
		if err != nil {
			if _, secret := pathMarks[SensitiveMark]; secret {
				return cty.DynamicVal, function.NewArgError(0, errSensitive)
			}
			return cty.DynamicVal, err
		}
		return v.WithMarks(pathMarks, varsMarks), nil
	}
	return function.New(&function.Spec{
		Description: "Renders a file as a template with the given variables.",
		Params:      templateParams,
		Type: func(args []cty.Value) (cty.Type, error) {
			// A template that is one interpolation can yield any type, so
			// the only way to know the type is to render it.
			if !args[0].IsKnown() || !args[1].IsKnown() {
				return cty.DynamicPseudoType, nil
			}
			v, err := render(args)
			return v.Type(), err
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return render(args) },
	})
}

// templateTable is funcs with templatefile replaced by one that refuses.
func templateTable(funcs map[string]function.Function) map[string]function.Function {
	t := maps.Clone(funcs)
	t["templatefile"] = function.New(&function.Spec{
		Params: templateParams,
		Type: func([]cty.Value) (cty.Type, error) {
			return cty.DynamicPseudoType, errRecursiveTemplate
		},
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.DynamicVal, errRecursiveTemplate },
	})
	return t
}

func renderTemplateFile(baseDir, path string, vars cty.Value, funcs map[string]function.Function) (cty.Value, error) {
	src, err := readFile(baseDir, path)
	if err != nil {
		return cty.DynamicVal, function.NewArgError(0, err)
	}
	expr, diags := hclsyntax.ParseTemplate(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	if ty := vars.Type(); !ty.IsMapType() && !ty.IsObjectType() {
		return cty.DynamicVal, function.NewArgErrorf(1, "invalid vars value: must be a map")
	}
	varMap := vars.AsValueMap()
	for name := range varMap {
		if !hclsyntax.ValidIdentifier(name) {
			return cty.DynamicVal, function.NewArgErrorf(1, "invalid template variable name %q: must start with a letter, followed by zero or more letters, digits, and underscores", name)
		}
	}
	for _, traversal := range expr.Variables() {
		if _, ok := varMap[traversal.RootName()]; !ok {
			return cty.DynamicVal, function.NewArgErrorf(1, "vars map does not contain key %q, referenced at %s", traversal.RootName(), traversal[0].SourceRange())
		}
	}
	v, diags := expr.Value(&hcl.EvalContext{Variables: varMap, Functions: funcs})
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	return v, nil
}
