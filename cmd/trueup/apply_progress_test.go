package main

// apply's progress lines name the object as Terraform's do: "Destroying...
// [id=X]", "Modifying... [id=X]", "Creation complete after 0s [id=X]",
// "Modifications complete after 0s [id=X]", and no ID on a create's first
// line or a destroy's last. The script runs with terraform on PATH, or
// against its recording.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const applyProgressRecording = "../../testdata/e2e/apply-progress/terraform-1.11.4.json"

// progressLineRE matches a progress line of the script's objects.
var progressLineRE = regexp.MustCompile(`(?m)^terraform_data\.[a-z]+: .*$`)

// runApplyProgress applies a stack, then changes it so that one object is
// updated and the other replaced, and returns both applies' progress
// lines, IDs normalised.
func runApplyProgress(t *testing.T, dir string, run runFunc) string {
	t.Helper()
	src := `resource "terraform_data" "a" { input = "x" }
resource "terraform_data" "b" {
  input = terraform_data.a.output
  lifecycle { replace_triggered_by = [terraform_data.a] }
}
`
	var lines []string
	for _, input := range []string{`"x"`, `"y"`} {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(strings.Replace(src, `"x"`, input, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if input == `"x"` {
			if code, out := run(nil, "init", "-input=false"); code != 0 {
				t.Fatalf("init: exit %d\n%s", code, out)
			}
		}
		code, out := run(nil, "apply", "-auto-approve", "-input=false", "-no-color")
		if code != 0 {
			t.Fatalf("apply: exit %d\n%s", code, out)
		}
		for _, l := range progressLineRE.FindAllString(out, -1) {
			if !strings.Contains(l, "Refreshing state...") { // trueup prints no refresh lines
				lines = append(lines, anyUUIDRE.ReplaceAllString(l, "<id>"))
			}
		}
	}
	return strings.Join(lines, "\n")
}

func TestApplyProgressLinesAsTerraform(t *testing.T) {
	t.Parallel()
	compareWithTerraform(t, applyProgressRecording, runApplyProgress)
}
