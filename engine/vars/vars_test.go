package vars

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/trueup/trueup/engine/config"
)

// testFuncs stands in for the function library; Terraform's length() also
// counts characters, which stdlib.StrlenFunc does.
var testFuncs = map[string]function.Function{"length": stdlib.StrlenFunc, "upper": stdlib.UpperFunc}

// stack writes files into a new directory and loads its configuration.
func stack(t *testing.T, files map[string]string) (string, *config.Module) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mod, diags := config.Load(dir)
	if diags.HasErrors() {
		t.Fatalf("config: %s", diags.Error())
	}
	return dir, mod
}

func resolve(t *testing.T, dir string, mod *config.Module, env []string, args []Arg) (map[string]cty.Value, hcl.Diagnostics) {
	t.Helper()
	raw, diags := Collect(dir, env, args)
	vals, moreDiags := Finalize(mod, raw, testFuncs)
	return vals, append(diags, moreDiags...)
}

func TestPrecedence(t *testing.T) {
	const decl = "variable \"x\" {\n  type    = string\n  default = \"default\"\n}\n"
	tests := []struct {
		name  string
		files map[string]string
		env   []string
		args  []Arg
		want  string
	}{
		{"default when nothing is given", nil, nil, nil, "default"},
		{"environment beats the default", nil, []string{"TF_VAR_x=env"}, nil, "env"},
		{"terraform.tfvars beats the environment",
			map[string]string{"terraform.tfvars": `x = "tfvars"`}, []string{"TF_VAR_x=env"}, nil, "tfvars"},
		{"terraform.tfvars.json beats terraform.tfvars",
			map[string]string{"terraform.tfvars": `x = "tfvars"`, "terraform.tfvars.json": `{"x": "json"}`}, nil, nil, "json"},
		{"auto.tfvars beats terraform.tfvars.json",
			map[string]string{"terraform.tfvars.json": `{"x": "json"}`, "a.auto.tfvars": `x = "auto"`}, nil, nil, "auto"},
		{"the lexically last auto file wins",
			map[string]string{"b.auto.tfvars": `x = "b"`, "a.auto.tfvars": `x = "a"`, "a.auto.tfvars.json": `{"x": "a-json"}`}, nil, nil, "b"},
		{"-var beats auto files",
			map[string]string{"z.auto.tfvars": `x = "auto"`}, nil, []Arg{{Var, "x=cli"}}, "cli"},
		{"a -var-file after -var wins",
			map[string]string{"extra.tfvars": `x = "file"`}, nil, []Arg{{Var, "x=cli"}, {VarFile, "extra.tfvars"}}, "file"},
		{"a -var after -var-file wins",
			map[string]string{"extra.tfvars": `x = "file"`}, nil, []Arg{{VarFile, "extra.tfvars"}, {Var, "x=cli"}}, "cli"},
		{"the last of two -var wins", nil, nil, []Arg{{Var, "x=one"}, {Var, "x=two"}}, "two"},
		{"a -var value may contain equals signs", nil, nil, []Arg{{Var, "x=a=b"}}, "a=b"},
		{"files in subdirectories are not read",
			map[string]string{"sub/terraform.tfvars": `x = "sub"`}, nil, nil, "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"main.tf": decl}
			for k, v := range tt.files {
				files[k] = v
			}
			dir, mod := stack(t, files)
			for i, a := range tt.args {
				if a.Kind == VarFile {
					tt.args[i].Value = filepath.Join(dir, a.Value)
				}
			}
			vals, diags := resolve(t, dir, mod, tt.env, tt.args)
			if diags.HasErrors() {
				t.Fatalf("unexpected errors: %s", diags.Error())
			}
			if got := vals["x"]; !got.RawEquals(cty.StringVal(tt.want)) {
				t.Errorf("x = %#v, want %q", got, tt.want)
			}
		})
	}
}

func TestConversion(t *testing.T) {
	const decls = `
variable "n" { type = number }
variable "l" { type = list(number) }
variable "s" { type = string }
variable "u" {}
variable "o" {
  type = object({
    name = string
    size = optional(number, 5)
  })
}
variable "nn" {
  type     = string
  nullable = false
  default  = "fallback"
}
variable "nullable" {
  type    = string
  default = "unused"
}
`
	_, mod := stack(t, map[string]string{"main.tf": decls})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfvars"), []byte("o = { name = \"x\" }\nnn = null\nnullable = null\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vals, diags := resolve(t, dir, mod, []string{"TF_VAR_l=[1, 2]", "TF_VAR_u=[1]"}, []Arg{{Var, "n=12"}, {Var, "s=[1]"}})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors: %s", diags.Error())
	}
	want := map[string]cty.Value{
		"n":        cty.NumberIntVal(12),
		"l":        cty.ListVal([]cty.Value{cty.NumberIntVal(1), cty.NumberIntVal(2)}),
		"s":        cty.StringVal("[1]"),
		"u":        cty.StringVal("[1]"),
		"o":        cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("x"), "size": cty.NumberIntVal(5)}),
		"nn":       cty.StringVal("fallback"),
		"nullable": cty.NullVal(cty.String),
	}
	for name, w := range want {
		if got := vals[name]; !got.RawEquals(w) {
			t.Errorf("%s = %#v, want %#v", name, got, w)
		}
	}
}

func TestErrors(t *testing.T) {
	const decls = `
variable "n" {
  type = number
}

variable "name" {
  type = string
  validation {
    condition     = length(var.name) > 3
    error_message = "The name must be longer than three characters, not ${upper(var.name)}."
  }
}

variable "secret" {
  type      = string
  sensitive = true
  default   = "ok-long"
  validation {
    condition     = length(var.secret) > 3
    error_message = "The secret ${var.secret} is too short."
  }
}
`
	tests := []struct {
		name        string
		tfvars      string
		args        []Arg
		env         []string
		wantSummary string
		wantSev     hcl.DiagnosticSeverity
		wantFile    string // "tfvars", "main.tf", "<value for var.n>" or "" for no location
		wantLine    int
		wantDetail  string
		notInDetail string
	}{
		{"wrong type in a file is located at the value", "n = \"abc\"\nname = \"long-name\"\n", nil, nil,
			"Invalid value for input variable", hcl.DiagError, "tfvars", 1, "a number is required", ""},
		{"wrong type in -var is located in the value", "name = \"long-name\"\n", []Arg{{Var, "n=abc"}}, nil,
			"Variables not allowed", hcl.DiagError, "<value for var.n>", 1, "", ""},
		{"a required variable without a value is reported at its declaration", "name = \"long-name\"\n", nil, nil,
			"No value for required variable", hcl.DiagError, "main.tf", 2, "TF_VAR_n", ""},
		{"a failed validation shows the evaluated message at the condition", "n = 1\nname = \"ab\"\n", nil, nil,
			"Invalid value for variable", hcl.DiagError, "main.tf", 9, "not AB.", ""},
		{"a sensitive value never appears in a validation message", "n = 1\nname = \"long-name\"\nsecret = \"abc\"\n", nil, nil,
			"Invalid value for variable", hcl.DiagError, "main.tf", 19, "will not be displayed", "abc"},
		{"an undeclared variable in a file is a warning", "n = 1\nname = \"long-name\"\nextra = 1\n", nil, nil,
			"Value for undeclared variable", hcl.DiagWarning, "tfvars", 3, "extra", ""},
		{"an undeclared -var is an error", "n = 1\nname = \"long-name\"\n", []Arg{{Var, "extra=1"}}, nil,
			"Value for undeclared variable", hcl.DiagError, "", 0, "extra", ""},
		{"a malformed -var is an error", "n = 1\nname = \"long-name\"\n", []Arg{{Var, "novalue"}}, nil,
			"Invalid -var option", hcl.DiagError, "", 0, "novalue", ""},
		{"a missing -var-file is an error", "n = 1\nname = \"long-name\"\n", []Arg{{VarFile, "/nonexistent/x.tfvars"}}, nil,
			"Failed to read variables file", hcl.DiagError, "", 0, "does not exist", ""},
		{"a syntax error in a file is located", "n = = 1\n", nil, nil,
			"Invalid expression", hcl.DiagError, "tfvars", 1, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, mod := stack(t, map[string]string{"main.tf": decls, "terraform.tfvars": tt.tfvars})
			_, diags := resolve(t, dir, mod, tt.env, tt.args)
			var d *hcl.Diagnostic
			for _, cand := range diags {
				if cand.Summary == tt.wantSummary && cand.Severity == tt.wantSev {
					d = cand
				}
			}
			if d == nil {
				t.Fatalf("no %q among %v", tt.wantSummary, diags)
			}
			if !strings.Contains(d.Detail, tt.wantDetail) {
				t.Errorf("detail %q does not contain %q", d.Detail, tt.wantDetail)
			}
			if tt.notInDetail != "" && strings.Contains(d.Detail, tt.notInDetail) {
				t.Errorf("detail %q reveals %q", d.Detail, tt.notInDetail)
			}
			wantFile := map[string]string{"tfvars": filepath.Join(dir, "terraform.tfvars"), "main.tf": filepath.Join(dir, "main.tf")}[tt.wantFile]
			if wantFile == "" {
				wantFile = tt.wantFile
			}
			switch {
			case wantFile == "" && d.Subject != nil:
				t.Errorf("subject = %v, want none", d.Subject)
			case wantFile != "" && (d.Subject == nil || d.Subject.Filename != wantFile || d.Subject.Start.Line != tt.wantLine):
				t.Errorf("subject = %v, want %s line %d", d.Subject, wantFile, tt.wantLine)
			}
		})
	}
}

func TestEnvironmentValuesForUndeclaredVariablesAreIgnored(t *testing.T) {
	dir, mod := stack(t, map[string]string{"main.tf": `variable "x" { default = "d" }`})
	_, diags := resolve(t, dir, mod, []string{"TF_VAR_other=1", "PATH=/bin", "TF_VAR_=x"}, nil)
	if len(diags) != 0 {
		t.Fatalf("want no diagnostics, got %v", diags)
	}
}

func TestValuesAreUnmarked(t *testing.T) {
	dir, mod := stack(t, map[string]string{"main.tf": "variable \"pw\" {\n  sensitive = true\n  validation {\n    condition = var.pw != \"\"\n    error_message = \"empty\"\n  }\n}\n"})
	vals, diags := resolve(t, dir, mod, []string{"TF_VAR_pw=hunter2"}, nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if vals["pw"].IsMarked() {
		t.Error("Finalize returned a marked value; marking is the planner's job")
	}
}

func TestRawRecordsSources(t *testing.T) {
	dir, _ := stack(t, map[string]string{"main.tf": `variable "x" {}`, "terraform.tfvars": `x = 1`})
	raw, diags := Collect(dir, []string{"TF_VAR_x=e"}, []Arg{{Var, "x=v"}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	var got []string
	for _, rv := range raw.Values {
		got = append(got, rv.Source.String()+":"+rv.Origin)
	}
	want := "environment variable:TF_VAR_x,variables file:" + filepath.Join(dir, "terraform.tfvars") + ",-var option:-var"
	if strings.Join(got, ",") != want {
		t.Errorf("sources = %v, want %s", got, want)
	}
	if raw.Get("x").Source != SourceVar {
		t.Errorf("winner = %+v", raw.Get("x"))
	}
	if raw.Files[filepath.Join(dir, "terraform.tfvars")] == nil {
		t.Error("Raw.Files lacks the parsed tfvars file")
	}
}
