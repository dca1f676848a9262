package funcs

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestConversionFunctions(t *testing.T) {
	runCases(t, t.TempDir(), nil, []evalCase{
		{"tostring of a number", `tostring(5)`, cty.StringVal("5"), ""},
		{"tostring of a bool", `tostring(true)`, cty.StringVal("true"), ""},
		{"tostring of null stays null", `tostring(null) == null`, cty.True, ""},
		{"tostring of a list fails", `tostring([1])`, cty.NilVal, "cannot convert tuple to string"},
		{"tonumber of a numeric string", `tonumber("42")`, cty.NumberIntVal(42), ""},
		{"tonumber of a word fails and says why", `tonumber("x")`, cty.NilVal, `cannot convert "x" to number; given string must be a decimal representation of a number`},
		{"tobool of a string", `tobool("true")`, cty.True, ""},
		{"tobool of another word fails", `tobool("yes")`, cty.NilVal, `cannot convert "yes" to bool; only the strings "true" or "false" are allowed`},
		{"tobool of a number fails", `tobool(1)`, cty.NilVal, "cannot convert number to bool"},
		{"toset removes duplicates", `toset(["a", "b", "a"])`, cty.SetVal(strs("a", "b")), ""},
		{"tolist unifies element types", `tolist(["a", 1])`, cty.ListVal(strs("a", "1")), ""},
		{"tolist of mixed objects fails", `tolist(["a", {}])`, cty.NilVal, "cannot convert"},
		{"tomap of an object", `tomap({a = "x"})`, cty.MapVal(map[string]cty.Value{"a": cty.StringVal("x")}), ""},
		{"tomap of a string fails", `tomap("x")`, cty.NilVal, "cannot convert string to map of any single type"},
		{"try returns the first success", `try(tonumber("x"), 7)`, cty.NumberIntVal(7), ""},
		{"try of an attribute that is missing", `try({a = 1}.b, "none")`, cty.StringVal("none"), ""},
		{"try with nothing working fails", `try(tonumber("x"))`, cty.NilVal, "no expression succeeded"},
		{"can of a failing conversion", `can(tonumber("x"))`, cty.False, ""},
		{"can of a working one", `can(tonumber("1"))`, cty.True, ""},
	})
}
