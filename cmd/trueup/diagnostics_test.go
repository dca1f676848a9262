package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Each case is a directory under testdata/e2e/diagnostics whose files mark
// every line that must be reported with a comment
//
//	# ERROR: <summary> -- <text the detail must contain>
//
// (the detail part is optional). The test checks that plan reports exactly
// the marked lines, each with its summary, detail and source line.
var diagnosticCases = []struct {
	name string
	dir  string
	// validate is whether `validate` reports the error too; errors in
	// variable values are found only once values are given (plan).
	validate bool
}{
	{"a syntax error is located", "syntax-error", true},
	{"an unknown attribute is located with a suggestion", "unknown-attribute", true},
	{"an unknown resource type is located with a suggestion", "unknown-resource-type", true},
	{"undeclared references are located with suggestions", "undeclared-reference", true},
	{"a cycle is located and names each address in it", "cycle", true},
	{"a list for_each is located and told to use toset", "invalid-for-each", true},
	{"a call to an unknown function is located with a suggestion", "unknown-function", true},
	{"a failed variable validation is located with its error_message", "failed-variable-validation", false},
	{"a missing required variable is located at its declaration", "missing-required-variable", false},
	{"tfvars values of the wrong type are located in the tfvars file", "wrong-variable-type", false},
	{"a module directory that does not exist is located at its source", "module-missing", true},
	{"module call arguments are checked against the module's variables", "module-calls", true},
	{"module inputs and outputs are checked against the module's declarations", "module-values", true},
	{"a mistake in a module called twice is reported once, in the module's file", "module-child-error", true},
	{"a cycle through module inputs and outputs is located", "module-cycle", true},
	{"a winrm connection is refused at its type", "winrm-connection", true},
}

// marker is one expected diagnostic.
type marker struct {
	file    string
	line    int
	source  string // the source line, trimmed
	summary string
	detail  string
}

func (m marker) at() string { return fmt.Sprintf("%s:%d", m.file, m.line) }

func TestConfigurationErrorsAreReportedWithTheirLocation(t *testing.T) {
	t.Parallel()
	for _, tc := range diagnosticCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := copyStack(t, filepath.Join("testdata/e2e/diagnostics", tc.dir))
			markers := readMarkers(t, s.dir)

			r := s.must(1, "plan", "-no-color", "-input=false")
			wantDiagnostics(t, r, markers)
			if s.exists(stateFile) {
				t.Error("a configuration error must not write state")
			}

			if !tc.validate {
				r := s.must(0, "validate", "-json")
				wantContains(t, r, `"valid": true`)
				return
			}
			wantDiagnostics(t, s.must(1, "validate", "-no-color"), markers)
			wantJSONDiagnostics(t, s.must(1, "validate", "-json"), markers)
		})
	}
}

var markerRE = regexp.MustCompile(`#\s*ERROR:\s*(.*?)\s*(?:--\s*(.*?))?\s*$`)

// readMarkers reads the # ERROR: markers of every file in dir.
func readMarkers(t *testing.T, dir string) []marker {
	t.Helper()
	var out []marker
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			if m := markerRE.FindStringSubmatch(sc.Text()); m != nil {
				out = append(out, marker{file: filepath.ToSlash(rel), line: n, source: strings.TrimSpace(sc.Text()), summary: m[1], detail: m[2]})
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%s has no # ERROR: markers", dir)
	}
	return out
}

var locationRE = regexp.MustCompile(`on (\S+) line (\d+)`)

// wantDiagnostics checks the human diagnostics: exactly the marked lines
// are reported, each with its summary, detail and source line.
func wantDiagnostics(t *testing.T, r result, markers []marker) {
	t.Helper()
	var got, want []string
	for _, m := range locationRE.FindAllStringSubmatch(r.stderr, -1) {
		got = append(got, m[1]+":"+m[2])
	}
	for _, m := range markers {
		want = append(want, m.at())
		wantContains(t, r, "Error: "+m.summary, m.detail, fmt.Sprintf("%d: %s", m.line, m.source))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics are located at %v, want %v\n%s", got, want, r)
	}
}

// jsonDiagnostics is the `validate -json` document.
type jsonDiagnostics struct {
	Valid       bool `json:"valid"`
	ErrorCount  int  `json:"error_count"`
	Diagnostics []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
		Range    *struct {
			Filename   string `json:"filename"`
			Start, End struct {
				Line, Column, Byte int
			}
		} `json:"range"`
	} `json:"diagnostics"`
}

// wantJSONDiagnostics checks `validate -json`: one error per marker, each
// with a range starting on the marked line.
func wantJSONDiagnostics(t *testing.T, r result, markers []marker) {
	t.Helper()
	var doc jsonDiagnostics
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("validate -json output does not decode: %v\n%s", err, r)
	}
	if doc.Valid || doc.ErrorCount != len(markers) {
		t.Errorf("validate -json: valid=%v error_count=%d, want false and %d", doc.Valid, doc.ErrorCount, len(markers))
	}
	var got, want []string
	for _, d := range doc.Diagnostics {
		if d.Range == nil {
			t.Errorf("validate -json: diagnostic %q has no range", d.Summary)
			continue
		}
		rg := d.Range
		if rg.Start.Column < 1 || rg.End.Line < rg.Start.Line || rg.End.Byte < rg.Start.Byte {
			t.Errorf("validate -json: diagnostic %q has a malformed range %+v", d.Summary, *rg)
		}
		got = append(got, fmt.Sprintf("%s:%d %s", filepath.ToSlash(rg.Filename), rg.Start.Line, d.Summary))
	}
	for _, m := range markers {
		want = append(want, m.at()+" "+m.summary)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("validate -json reports %v, want %v", got, want)
	}
}

func TestUndeclaredVariablesOfAHugeTfvarsAreGroupedAfterFive(t *testing.T) {
	t.Parallel()
	var tfvars strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&tfvars, "undeclared_%d = \"v\"\n", i)
	}
	s := newStack(t, map[string]string{
		"main.tf":          `resource "null_resource" "n" {}`,
		"terraform.tfvars": tfvars.String(),
	})
	r := s.must(0, "plan", "-no-color")
	if n := strings.Count(r.output(), "Warning: Value for undeclared variable"); n != 5 {
		t.Fatalf("the warning is printed %d times, want 5, the last grouping the rest:\n%.2000s", n, r.output())
	}
	wantContains(t, r, `"undeclared_0"`, "on terraform.tfvars line 1", "(and 19995 more similar warnings elsewhere)")
}

// TestDiagnosticContextAsTerraform checks the "in BLOCK" of a diagnostic's
// location as Terraform prints it: an error about a whole block (its
// subject starts at the block's first byte) is "on main.tf line 4:", one
// inside a block names it.
func TestDiagnosticContextAsTerraform(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `resource "terraform_data" "a" {
}

resource "terraform_data" "a" {
}

resource "terraform_data" "b" {
  lifecycle {
    bogus = true
  }
}
`})
	r := s.must(1, "validate", "-no-color")
	wantContains(t, r, "on main.tf line 4:\n", `on main.tf line 9, in resource "terraform_data" "b":`)
}

// TestInitLeavesReferencesToValidate: as Terraform's, init succeeds on a
// configuration whose references name nothing, and validate and plan
// report them.
func TestInitLeavesReferencesToValidate(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": "output \"x\" {\n  value = terraform_data.nope.output\n}\n"})
	s.must(0, "init", "-input=false", "-no-color")
	for _, cmd := range []string{"validate", "plan"} {
		r := s.must(1, cmd, "-no-color")
		wantContains(t, r, "Error: Reference to undeclared resource", `A managed resource "terraform_data" "nope" has not been declared in the root module.`)
	}
}

// TestInitLocatesABackendThatCannotBeConfigured: a backend block init
// cannot configure is named by its file and line, and the error keeps the
// token the block holds to itself.
func TestInitLocatesABackendThatCannotBeConfigured(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `terraform {
  backend "s3" {
    bucket = "b"
    key    = "k"
    region = "us-east-1"
    assume_role_with_web_identity {
      role_arn           = "arn:aws:iam::111111111111:role/ci"
      duration           = "5m"
      web_identity_token = "not-to-be-printed"
    }
  }
}
`})
	r := s.must(1, "init", "-input=false", "-no-color")
	wantContains(t, r, "Error: Cannot configure the s3 backend", "on main.tf line 2, in terraform:", `duration must be between 15 minutes and 12 hours`)
	wantNotContains(t, r, "not-to-be-printed")
}
