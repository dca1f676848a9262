package funcs

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestCollectionFunctions(t *testing.T) {
	vars := map[string]cty.Value{
		"m":   cty.MapVal(map[string]cty.Value{"a": cty.StringVal("x"), "b": cty.StringVal("y")}),
		"obj": cty.ObjectVal(map[string]cty.Value{"n": cty.NumberIntVal(1), "s": cty.StringVal("z")}),
	}
	runCases(t, t.TempDir(), vars, []evalCase{
		{"length of a string counts characters", `length("héllo")`, cty.NumberIntVal(5), ""},
		{"length of a list", `length([1, 2, 3])`, cty.NumberIntVal(3), ""},
		{"length of a map", `length(m)`, cty.NumberIntVal(2), ""},
		{"length of a number fails", `length(5)`, cty.NilVal, "argument must be a string, a collection type, or a structural type"},
		{"lookup finds a key", `lookup(m, "a")`, cty.StringVal("x"), ""},
		{"lookup falls back to the default", `lookup(m, "c", "d")`, cty.StringVal("d"), ""},
		{"lookup without default fails on a missing key", `lookup(m, "c")`, cty.NilVal, `lookup failed to find key "c"`},
		{"lookup in an object", `lookup(obj, "n", 0)`, cty.NumberIntVal(1), ""},
		{"lookup in an object with default", `lookup(obj, "zz", "dflt")`, cty.StringVal("dflt"), ""},
		{"lookup of a list fails", `lookup([1], "a", 1)`, cty.NilVal, "requires a map"},
		{"contains finds an element", `contains(["a", "b"], "b")`, cty.True, ""},
		{"contains misses", `contains(["a", "b"], "c")`, cty.False, ""},
		{"one of a single element list", `one(["x"])`, cty.StringVal("x"), ""},
		{"one of an empty list is null", `one([]) == null`, cty.True, ""},
		{"one of two elements fails", `one(["x", "y"])`, cty.NilVal, "either zero or one elements"},
		{"sum of numbers", `sum([1, 2, 3.5])`, cty.NumberFloatVal(6.5), ""},
		{"sum of an empty list fails", `sum([])`, cty.NilVal, "cannot sum an empty list"},
		{"sum of strings fails", `sum(["a"])`, cty.NilVal, "number values"},
		{"alltrue of trues", `alltrue([true, "true"])`, cty.True, ""},
		{"alltrue of an empty list", `alltrue([])`, cty.True, ""},
		{"alltrue with a false", `alltrue([true, false])`, cty.False, ""},
		{"anytrue with one true", `anytrue([false, true])`, cty.True, ""},
		{"anytrue of an empty list", `anytrue([])`, cty.False, ""},
		{"index finds the position", `index(["a", "b", "c"], "b")`, cty.NumberIntVal(1), ""},
		{"index of a missing item fails", `index(["a"], "z")`, cty.NilVal, "item not found"},
		{"index of an empty list fails", `index([], "z")`, cty.NilVal, "cannot search an empty list"},
		{"coalesce skips null and empty strings", `coalesce(null, "", "b", "c")`, cty.StringVal("b"), ""},
		{"coalesce of numbers", `coalesce(null, 2, 3)`, cty.NumberIntVal(2), ""},
		{"coalesce of nothing usable fails", `coalesce("", null)`, cty.NilVal, "no non-null, non-empty-string arguments"},
		{"coalescelist skips empty lists", `coalescelist([], ["a"])`, cty.TupleVal(strs("a")), ""},
		{"transpose swaps keys and values",
			`transpose({a = ["1", "2"], b = ["2", "3"]})`,
			cty.MapVal(map[string]cty.Value{
				"1": cty.ListVal(strs("a")), "2": cty.ListVal(strs("a", "b")), "3": cty.ListVal(strs("b")),
			}), ""},
		{"matchkeys selects by key", `matchkeys(["i-1", "i-2", "i-3"], ["us1", "us2", "us1"], ["us1"])`, cty.ListVal(strs("i-1", "i-3")), ""},
		{"matchkeys with no match is empty", `matchkeys(["a"], ["k"], ["z"])`, cty.ListValEmpty(cty.String), ""},
		{"matchkeys needs equal lengths", `matchkeys(["a"], ["k", "l"], ["k"])`, cty.NilVal, "length of keys and values should be equal"},
		{"merge of maps", `merge({a = 1}, {b = 2}, {a = 3})`, cty.ObjectVal(map[string]cty.Value{"a": cty.NumberIntVal(3), "b": cty.NumberIntVal(2)}), ""},
		{"flatten nested lists", `flatten([["a"], [["b"]], []])`, cty.TupleVal(strs("a", "b")), ""},
		{"distinct keeps first occurrences", `distinct(["a", "b", "a"])`, cty.ListVal(strs("a", "b")), ""},
		{"element wraps around", `element(["a", "b"], 3)`, cty.StringVal("b"), ""},
		{"keys are sorted", `keys({b = 1, a = 2})`, cty.TupleVal(strs("a", "b")), ""},
		{"values follow key order", `values({b = "1", a = "2"})`, cty.TupleVal(strs("2", "1")), ""},
		{"zipmap pairs keys and values", `zipmap(["a"], [1])`, cty.ObjectVal(map[string]cty.Value{"a": cty.NumberIntVal(1)}), ""},
		{"reverse a list", `reverse([1, 2])`, cty.TupleVal([]cty.Value{cty.NumberIntVal(2), cty.NumberIntVal(1)}), ""},
		{"range counts", `range(3)`, cty.ListVal([]cty.Value{cty.NumberIntVal(0), cty.NumberIntVal(1), cty.NumberIntVal(2)}), ""},
		{"slice takes a part", `slice(["a", "b", "c"], 1, 3)`, cty.TupleVal(strs("b", "c")), ""},
		{"sort orders strings", `sort(["b", "a"])`, cty.ListVal(strs("a", "b")), ""},
		{"chunklist splits", `chunklist(["a", "b", "c"], 2)`, cty.ListVal([]cty.Value{cty.ListVal(strs("a", "b")), cty.ListVal(strs("c"))}), ""},
		{"compact drops empty strings", `compact(["a", "", "b"])`, cty.ListVal(strs("a", "b")), ""},
		{"concat joins lists", `concat(["a"], ["b"])`, cty.TupleVal(strs("a", "b")), ""},
		{"setunion", `setunion(["a"], ["b"])`, cty.SetVal(strs("a", "b")), ""},
		{"setintersection", `setintersection(["a", "b"], ["b"])`, cty.SetVal(strs("b")), ""},
		{"setsubtract", `setsubtract(["a", "b"], ["b"])`, cty.SetVal(strs("a")), ""},
		{"setproduct", `length(setproduct(["a", "b"], ["x", "y"]))`, cty.NumberIntVal(4), ""},
	})
}
