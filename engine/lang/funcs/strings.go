package funcs

import (
	"regexp"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

func stringParams(names ...string) []function.Parameter {
	ps := make([]function.Parameter, len(names))
	for i, n := range names {
		ps[i] = function.Parameter{Name: n, Type: cty.String}
	}
	return ps
}

// ReplaceFunc is replace(string, substring, replacement). As in Terraform, a
// substring wrapped in forward slashes (/.../) is a regular expression
// (RE2 syntax), and the replacement may then use $1 or ${name} to refer to
// its capture groups.
var ReplaceFunc = function.New(&function.Spec{
	Description:  "Replaces each occurrence of a substring, or of a /regular expression/, in a string.",
	Params:       stringParams("str", "substr", "replace"),
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		str, substr, repl := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(substr) > 1 && strings.HasPrefix(substr, "/") && strings.HasSuffix(substr, "/") {
			re, err := regexp.Compile(substr[1 : len(substr)-1])
			if err != nil {
				return cty.UnknownVal(cty.String), function.NewArgErrorf(1, "invalid regular expression: %s", err)
			}
			return cty.StringVal(re.ReplaceAllString(str, repl)), nil
		}
		return cty.StringVal(strings.ReplaceAll(str, substr, repl)), nil
	},
})

// StartsWithFunc is startswith(string, prefix).
var StartsWithFunc = stringPredicate("Reports whether a string starts with a prefix.", "prefix", strings.HasPrefix)

// EndsWithFunc is endswith(string, suffix).
var EndsWithFunc = stringPredicate("Reports whether a string ends with a suffix.", "suffix", strings.HasSuffix)

// StrContainsFunc is strcontains(string, substr).
var StrContainsFunc = stringPredicate("Reports whether a string contains a substring.", "substr", strings.Contains)

func stringPredicate(desc, second string, pred func(s, t string) bool) function.Function {
	return function.New(&function.Spec{
		Description:  desc,
		Params:       stringParams("str", second),
		Type:         function.StaticReturnType(cty.Bool),
		RefineResult: refineNotNull,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(pred(args[0].AsString(), args[1].AsString())), nil
		},
	})
}
