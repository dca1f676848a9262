package main

// The plan text of a plugin resource's typed values that Terraform writes
// in ways of their own, compared line for line with Terraform's: a string
// attribute holding JSON (jsonencode and a diff of its structure), a
// multi-line string (a heredoc diffed line by line), a list of numbers
// (along the longest common subsequence) and a set of strings (the
// elements only one side has), created, updated and destroyed.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// planValuesSteps are fw_doc's bodies in turn; the last, empty, removes
// it.
var planValuesSteps = []struct{ name, doc string }{
	{"create", `
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })
  notes  = "first\nsecond\nthird\n"
  ports  = [80, 443, 8080, 9000]
  groups = ["sg-1", "sg-2", "sg-3"]
`}, {"update", `
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*" }] })
  notes  = "first\nsecond changed\nthird\n"
  ports  = [80, 8443, 443, 8080, 9000]
  groups = ["sg-2", "sg-3", "sg-4"]
`}, {"destroy", ""}}

// planValuesRun plans and applies each step with one tool and returns the
// plan texts, from the first change to the summary line.
func planValuesRun(t *testing.T, run func(s *stack, args ...string) result) []string {
	s, _ := pluginMirrorStack(t, "")
	var texts []string
	for i, st := range planValuesSteps {
		resource := ""
		if st.doc != "" {
			resource = "\nresource \"fw_doc\" \"d\" {" + st.doc + "}\n"
		}
		s.write("main.tf", "terraform {\n  required_providers {\n    fw = { source = \"trueup/fw\", version = \"1.0.0\" }\n  }\n}\n"+resource)
		if i == 0 {
			run(s, "init", "-input=false", "-no-color")
		}
		out := run(s, "plan", "-input=false", "-no-color", "-out=tfplan").stdout
		texts = append(texts, planActions(out))
		run(s, "apply", "-input=false", "-no-color", "tfplan")
	}
	wantNoPluginProcesses(t, s)
	return texts
}

// TestPluginPlanTextOfTypedValuesAsTerraform compares trueup's plan text
// with Terraform's for each step; without terraform on PATH, with
// Terraform's texts recorded in testdata/plugin-compat/plantext-values.json
// (-update re-records them).
func TestPluginPlanTextOfTypedValuesAsTerraform(t *testing.T) {
	t.Parallel()
	record := filepath.Join("testdata", "plugin-compat", "plantext-values.json")
	got := planValuesRun(t, func(s *stack, args ...string) result { return s.must(0, args...) })
	var want []string
	if _, err := exec.LookPath("terraform"); err == nil {
		want = planValuesRun(t, runTerraformIn(t))
		if *updateCompat {
			data, _ := json.MarshalIndent(want, "", "  ")
			must(t, os.WriteFile(record, append(data, '\n'), 0o644))
		}
	} else {
		data, err := os.ReadFile(record)
		must(t, err)
		must(t, json.Unmarshal(data, &want))
	}
	for i, st := range planValuesSteps {
		if i >= len(got) || i >= len(want) {
			t.Fatalf("%d plans, terraform's %d", len(got), len(want))
		}
		if got[i] != want[i] {
			t.Errorf("%s: plan text differs\n--- trueup\n%s\n--- terraform\n%s", st.name, got[i], want[i])
		}
	}
}
