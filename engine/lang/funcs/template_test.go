package funcs

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestTemplateFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"hosts.tpl": "%{ for i, h in hosts ~}\n${i}: ${upper(h)} ${substr(sha256(h), 0, 8)}\n%{ endfor ~}\nport=${port}\n",
		"list.tpl":  "${ports}",
		"nest.tpl":  `${templatefile("list.tpl", {ports = [1]})}`,
		"undef.tpl": "${nope}",
		"bad.tpl":   "${",
		"uuid.tpl":  "id=${uuid()}",
	})
	vars := map[string]cty.Value{"hosts": cty.ListVal(strs("web", "db"))}
	runCases(t, dir, vars, []evalCase{
		{"a for loop with nested function calls renders",
			`templatefile("hosts.tpl", {hosts = hosts, port = 8080})`,
			cty.StringVal("0: WEB " + sha256Hex("web")[:8] + "\n1: DB " + sha256Hex("db")[:8] + "\nport=8080\n"), ""},
		{"a single interpolation keeps its type",
			`templatefile("list.tpl", {ports = [80, 443]})`,
			cty.TupleVal([]cty.Value{cty.NumberIntVal(80), cty.NumberIntVal(443)}), ""},
		{"templatefile may not call itself", `templatefile("nest.tpl", {})`, cty.NilVal, "cannot recursively call templatefile"},
		{"a variable missing from vars is named", `templatefile("undef.tpl", {other = 1})`, cty.NilVal, `vars map does not contain key "nope", referenced at undef.tpl:1,3-7`},
		{"a syntax error in the template is reported", `templatefile("bad.tpl", {})`, cty.NilVal, "bad.tpl:1"},
		{"a missing template file is named", `templatefile("none.tpl", {})`, cty.NilVal, "no file exists at"},
		{"vars must be a map", `templatefile("list.tpl", "x")`, cty.NilVal, "invalid vars value: must be a map"},
		{"vars names must be identifiers", `templatefile("list.tpl", {"1a" = 1, ports = 1})`, cty.NilVal, `invalid template variable name "1a"`},
	})
}

func TestTemplateFileDuringPlan(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"uuid.tpl": "id=${uuid()}", "plain.tpl": "x=${x}"})
	funcs := Table(dir, true)
	if got := mustEval(t, funcs, `templatefile("uuid.tpl", {})`); got.IsKnown() {
		t.Errorf("a template calling uuid() is known during plan: %#v", got)
	}
	if got := mustEval(t, funcs, `templatefile("plain.tpl", {x = 1})`); !got.RawEquals(cty.StringVal("x=1")) {
		t.Errorf("a pure template during plan = %#v", got)
	}
}
