package funcs

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestEncodingFunctions(t *testing.T) {
	obj := func(m map[string]cty.Value) cty.Value { return cty.ObjectVal(m) }
	runCases(t, t.TempDir(), nil, []evalCase{
		{"base64encode", `base64encode("Hello World")`, cty.StringVal("SGVsbG8gV29ybGQ="), ""},
		{"base64decode", `base64decode("SGVsbG8gV29ybGQ=")`, cty.StringVal("Hello World"), ""},
		{"base64decode of garbage fails", `base64decode("!!!")`, cty.NilVal, "failed to decode base64 data"},
		{"base64decode of non-UTF-8 fails", `base64decode("/w==")`, cty.NilVal, "not valid UTF-8"},
		{"urlencode escapes for a query", `urlencode("a b&c/d")`, cty.StringVal("a+b%26c%2Fd"), ""},
		{"textencodebase64 in UTF-16LE", `textencodebase64("Hi", "UTF-16LE")`, cty.StringVal("SABpAA=="), ""},
		{"textdecodebase64 from UTF-16LE", `textdecodebase64("SABpAA==", "UTF-16LE")`, cty.StringVal("Hi"), ""},
		{"textencodebase64 with an unknown encoding fails", `textencodebase64("Hi", "klingon")`, cty.NilVal, `"klingon" is not a supported IANA encoding name or alias`},
		{"textencodebase64 of an unrepresentable character fails", `textencodebase64("€", "US-ASCII")`, cty.NilVal, "cannot be represented in"},
		{"jsonencode sorts keys", `jsonencode({b = [1, true], a = null})`, cty.StringVal(`{"a":null,"b":[1,true]}`), ""},
		{"jsondecode", `jsondecode("{\"a\": [1, \"x\"]}")`, obj(map[string]cty.Value{"a": cty.TupleVal([]cty.Value{cty.NumberIntVal(1), cty.StringVal("x")})}), ""},
		{"jsondecode of bad JSON fails", `jsondecode("{")`, cty.NilVal, "jsondecode"},
		{"yamlencode", `yamlencode({a = ["x"]})`, cty.StringVal("\"a\":\n- \"x\"\n"), ""},
		{"yamldecode", `yamldecode("a: 1\nb: [x, z]\n")`, obj(map[string]cty.Value{"a": cty.NumberIntVal(1), "b": cty.TupleVal(strs("x", "z"))}), ""},
		{"yamldecode of bad YAML fails", `yamldecode("a: [")`, cty.NilVal, "yamldecode"},
		{"csvdecode", `csvdecode("a,b\n1,2\n")`, cty.ListVal([]cty.Value{obj(map[string]cty.Value{"a": cty.StringVal("1"), "b": cty.StringVal("2")})}), ""},
		{"csvdecode with a short row fails", `csvdecode("a,b\n1\n")`, cty.NilVal, "wrong number of fields"},
	})
}

func TestBase64GzipRoundTrips(t *testing.T) {
	got, diags := eval(t, Table(t.TempDir(), false), nil, `base64gzip("hello hello hello")`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	raw, err := base64.StdEncoding.DecodeString(got.AsString())
	if err != nil {
		t.Fatal(err)
	}
	r, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	plain, err := io.ReadAll(r)
	if err != nil || string(plain) != "hello hello hello" {
		t.Fatalf("gunzip = %q, %v", plain, err)
	}
}
