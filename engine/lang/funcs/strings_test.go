package funcs

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestStringAndNumberFunctions(t *testing.T) {
	runCases(t, t.TempDir(), nil, []evalCase{
		{"replace a substring everywhere", `replace("a-b-c", "-", "+")`, cty.StringVal("a+b+c"), ""},
		{"replace with a /regex/ and a capture group", `replace("hello world", "/w(or)ld/", "$1")`, cty.StringVal("hello or"), ""},
		{"a lone slash is not a regex", `replace("a/b", "/", "_")`, cty.StringVal("a_b"), ""},
		{"an invalid regex fails", `replace("a", "/(/", "")`, cty.NilVal, "invalid regular expression"},
		{"startswith", `startswith("hello", "he")`, cty.True, ""},
		{"endswith", `endswith("hello", "he")`, cty.False, ""},
		{"strcontains", `strcontains("hello", "ll")`, cty.True, ""},
		{"format", `format("%s-%03d", "a", 7)`, cty.StringVal("a-007"), ""},
		{"formatlist", `formatlist("%s!", ["a", "b"])`, cty.ListVal(strs("a!", "b!")), ""},
		{"join", `join(",", ["a", "b"])`, cty.StringVal("a,b"), ""},
		{"split", `split(",", "a,b")`, cty.ListVal(strs("a", "b")), ""},
		{"upper, lower, title", `"${upper("a")}${lower("B")}${title("c d")}"`, cty.StringVal("AbC D"), ""},
		{"trim functions", `"${trim("?a?", "?")}${trimprefix("xb", "x")}${trimsuffix("cx", "x")}${trimspace(" d ")}${chomp("e\n")}"`, cty.StringVal("abcde"), ""},
		{"substr", `substr("hello", 1, 3)`, cty.StringVal("ell"), ""},
		{"strrev", `strrev("abc")`, cty.StringVal("cba"), ""},
		{"indent", `indent(2, "a\nb")`, cty.StringVal("a\n  b"), ""},
		{"regex returns the match", `regex("[0-9]+", "ab123c")`, cty.StringVal("123"), ""},
		{"regexall returns every match", `regexall("[0-9]", "a1b2")`, cty.ListVal(strs("1", "2")), ""},
		{"regex without a match fails", `regex("z", "abc")`, cty.NilVal, "pattern did not match"},
		{"abs, ceil, floor, signum", `[abs(-2), ceil(1.2), floor(1.8), signum(-5)]`, cty.TupleVal([]cty.Value{cty.NumberIntVal(2), cty.NumberIntVal(2), cty.NumberIntVal(1), cty.NumberIntVal(-1)}), ""},
		{"max and min", `[max(1, 5, 3), min(4, 2)]`, cty.TupleVal([]cty.Value{cty.NumberIntVal(5), cty.NumberIntVal(2)}), ""},
		{"pow and log", `[pow(2, 10), log(100, 10)]`, cty.TupleVal([]cty.Value{cty.NumberIntVal(1024), cty.NumberIntVal(2)}), ""},
		{"parseint in base 16", `parseint("ff", 16)`, cty.NumberIntVal(255), ""},
		{"parseint of garbage fails", `parseint("zz", 10)`, cty.NilVal, "cannot parse"},
		{"timeadd", `timeadd("2024-01-01T00:00:00Z", "90m")`, cty.StringVal("2024-01-01T01:30:00Z"), ""},
		{"formatdate", `formatdate("YYYY-MM-DD", "2024-03-05T10:00:00Z")`, cty.StringVal("2024-03-05"), ""},
		{"timecmp before", `timecmp("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")`, cty.NumberIntVal(-1), ""},
		{"timecmp same instant in other zones", `timecmp("2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z")`, cty.NumberIntVal(0), ""},
		{"timecmp of a bad timestamp fails", `timecmp("yesterday", "2024-01-01T00:00:00Z")`, cty.NilVal, "not a valid RFC 3339 timestamp"},
	})
}
