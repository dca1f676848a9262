package vars

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/config"
)

func TestGivenReadsArgumentsAndEnvironmentButNoFilesOfTheDirectory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("main.tf", "variable \"n\" {\n  type = number\n}\nvariable \"l\" {\n  type = list(string)\n}\nvariable \"s\" {\n  default = \"x\"\n}\nvariable \"unset\" {}\n")
	write("terraform.tfvars", "s = \"from the directory\"\n")
	file := write("given.tfvars", "l = [\"a\", \"b\"]\n")
	mod, diags := config.Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got, diags := Given(mod, []string{"TF_VAR_n=7", "TF_VAR_other=1", "PATH=/bin"}, []Arg{{Kind: VarFile, Value: file}, {Kind: Var, Value: "n=8"}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(got) != 2 {
		t.Fatalf("given %v, want n and l only: no value from terraform.tfvars, none for unset", got)
	}
	if n := got["n"]; !n.Value.RawEquals(cty.NumberIntVal(8)) || n.Source != SourceVar || n.Range != nil {
		t.Errorf("n = %#v, want 8 from -var (it overrides TF_VAR_n)", n)
	}
	if l := got["l"]; !l.Value.RawEquals(cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})) || l.Source != SourceVarFile ||
		l.Range == nil || l.Range.Filename != file || l.Range.Start.Line != 1 {
		t.Errorf("l = %#v, want the list from %s line 1", l, file)
	}

	_, diags = Given(mod, nil, []Arg{{Kind: Var, Value: "nope=1"}, {Kind: Var, Value: "n=[1]"}})
	var said strings.Builder
	for _, d := range diags {
		said.WriteString(d.Detail + "\n")
	}
	if !diags.HasErrors() || !strings.Contains(said.String(), `"nope"`) || !strings.Contains(said.String(), "Unsuitable value for var.n") {
		t.Errorf("diagnostics:\n%s\nwant the undeclared nope and the unsuitable n", said.String())
	}
}
