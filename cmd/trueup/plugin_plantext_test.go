package main

// The plan text of a plugin resource with nested blocks, a nested
// attribute and a sensitive value, compared line for line with
// Terraform's: blocks render as blocks (`+ rule {`, `~ rule {`,
// `- member {`), not as list values.

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// planTextSteps are the configurations planned and applied in turn: a
// create, an in-place update of a block's attribute with a set element
// swapped, a replacement forced by name, and the block removed, which
// destroys the object: each of its values then ends in "-> null".
var planTextSteps = []planTextStep{
	{"create", `
  name     = "alpha"
  secret   = "hunter2"
  tags     = { team = "core" }
  endpoint = { host = "db.internal" }
  rule {
    port  = 80
    proto = "tcp"
  }
  rule {
    port  = 53
    proto = "udp"
  }
  member { name = "m1" }
  member { name = "m2" }
`}, {"update", `
  name     = "alpha"
  secret   = "hunter3"
  tags     = { team = "core" }
  endpoint = { host = "db.internal", port = 5432 }
  rule {
    port  = 8080
    proto = "tcp"
  }
  rule {
    port  = 53
    proto = "udp"
  }
  member { name = "m1" }
  member { name = "m3" }
`}, {"replace", `
  name     = "beta"
  secret   = "hunter3"
  tags     = { team = "core" }
  endpoint = { host = "db.internal", port = 5432 }
  rule {
    port  = 8080
    proto = "tcp"
  }
  member { name = "m3" }
`}, {"destroy", ""}}

// planTextStep is one configuration of a plan-text comparison: the
// body of the compared resource block, none to remove it.
type planTextStep struct{ name, body string }

// planTextRun writes each step's resource block (resource "typ" "name"),
// plans and applies it with one tool, and returns the plan texts, from
// the first change to the summary line.
func planTextRun(t *testing.T, run func(s *stack, args ...string) result, typ, name string, steps []planTextStep) []string {
	s, _ := pluginMirrorStack(t, "")
	var texts []string
	for i, st := range steps {
		resource := ""
		if st.body != "" {
			resource = fmt.Sprintf("\nresource %q %q {%s}\n", typ, name, st.body)
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

// comparePlanTexts runs steps with trueup and with Terraform (or reads
// Terraform's texts from record, pluginRecorded) and reports each step
// whose text differs, or that prints secret.
func comparePlanTexts(t *testing.T, record, typ, name, secret string, steps []planTextStep) {
	t.Helper()
	got := planTextRun(t, func(s *stack, args ...string) result { return s.must(0, args...) }, typ, name, steps)
	want := pluginRecorded(t, record, func(run func(s *stack, args ...string) result) []string {
		return planTextRun(t, run, typ, name, steps)
	})
	if len(got) != len(steps) || len(want) != len(steps) {
		t.Fatalf("%d plans, terraform's %d, for %d steps", len(got), len(want), len(steps))
	}
	for i, st := range steps {
		if secret != "" && strings.Contains(got[i], secret) {
			t.Errorf("%s: the plan prints the sensitive value", st.name)
		}
		if got[i] != want[i] {
			t.Errorf("%s: plan text differs\n--- trueup\n%s\n--- terraform\n%s", st.name, got[i], want[i])
		}
	}
}

// planActions cuts a plan's text from its first change to its summary,
// with the test provider's IDs normalised.
func planActions(out string) string {
	if i := strings.Index(out, "will perform the following actions:\n"); i >= 0 {
		out = out[i+len("will perform the following actions:\n"):]
	}
	if i := strings.Index(out, "\nPlan: "); i >= 0 {
		end := strings.Index(out[i+1:], "\n")
		out = out[:i+1+end+1]
	}
	return hexIDRE.ReplaceAllString(out, "<id>")
}

// TestPluginPlanTextRendersBlocksLikeTerraform compares trueup's plan text
// with Terraform's for each step; without terraform on PATH, with
// Terraform's texts recorded in testdata/plugin-compat/plantext.json
// (-update re-records them).
func TestPluginPlanTextRendersBlocksLikeTerraform(t *testing.T) {
	t.Parallel()
	comparePlanTexts(t, filepath.Join("testdata", "plugin-compat", "plantext.json"), "fw_thing", "a", "hunter", planTextSteps)
}
