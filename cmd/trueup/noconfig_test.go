package main

// In a directory that has state but no configuration files, plan and
// apply (refresh-only too) must refuse to run, exiting 1 with Terraform's
// error, instead of planning every object for destruction; a destroy
// must still run. Terraform's results are recorded in testdata for
// machines without terraform; where terraform is on PATH the test also
// checks the recording against it (regenerate with -update-terraform).

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// noConfigRecording is where Terraform's results are recorded.
const noConfigRecording = "../../testdata/e2e/noconfig/terraform-1.11.4.json"

// noConfigStep is one command run without configuration, and its result.
type noConfigStep struct {
	Args   []string `json:"args"`
	Code   int      `json:"code"`
	Stderr string   `json:"stderr"`
}

// noConfigScript is what both tools run without configuration.
func noConfigScript() [][]string {
	return [][]string{
		{"plan", "-input=false"},
		{"plan", "-refresh-only", "-input=false"},
		{"apply", "-auto-approve", "-input=false"},
		{"apply", "-refresh-only", "-auto-approve", "-input=false"},
	}
}

// terraformNoConfigResults returns Terraform's results (terraformRecorded).
func terraformNoConfigResults(t *testing.T, stateDoc []byte) []noConfigStep {
	t.Helper()
	return terraformRecorded(t, noConfigRecording, func(tf string) []noConfigStep {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), stateDoc, 0o644); err != nil {
			t.Fatal(err)
		}
		run := terraformRunner(t, tf, dir)
		var live []noConfigStep
		for _, args := range noConfigScript() {
			code, stderr := run(nil, args...)
			live = append(live, noConfigStep{Args: args, Code: code, Stderr: normalize(stderr)})
		}
		if after, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate")); err != nil || string(after) != string(stateDoc) {
			t.Fatalf("terraform changed the state without configuration (%v)", err)
		}
		return live
	}, func(live, recorded []noConfigStep) bool {
		return slices.EqualFunc(live, recorded, func(a, b noConfigStep) bool {
			return slices.Equal(a.Args, b.Args) && a.Code == b.Code && a.Stderr == b.Stderr
		})
	})
}

func TestNoConfigurationRefusedAsTerraformRefusesIt(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "null_resource" "a" {
  triggers = { n = "1" }
}
`})
	s.must(0, "apply", "-auto-approve")
	if err := os.Remove(s.path("main.tf")); err != nil {
		t.Fatal(err)
	}
	before := s.read("terraform.tfstate")
	want := terraformNoConfigResults(t, []byte(before))
	if len(want) != len(noConfigScript()) {
		t.Fatalf("terraform's results have %d steps, the script %d", len(want), len(noConfigScript()))
	}
	for i, args := range noConfigScript() {
		r := s.run(args...)
		got := normalize(r.stderr)
		// trueup's error goes on to name the directory it looked in.
		if r.code != want[i].Code || !strings.HasPrefix(got, want[i].Stderr) || !strings.Contains(got, normalize("There is no *.tf or *.tf.json file in "+s.dir+".")) {
			t.Errorf("trueup %s: exit %d, stderr %q\n  terraform: exit %d, stderr %q", strings.Join(args, " "), r.code, got, want[i].Code, want[i].Stderr)
		}
		if after := s.read("terraform.tfstate"); after != before {
			t.Fatalf("trueup %s changed the state", strings.Join(args, " "))
		}
	}
	// A destroy needs no configuration.
	wantContains(t, s.must(0, "plan", "-destroy"), "null_resource.a will be destroyed", "Plan: 0 to add, 0 to change, 1 to destroy.")
	s.must(0, "destroy", "-auto-approve")
	if n := objectCount(s.state()); n != 0 {
		t.Errorf("%d objects left after destroy without configuration", n)
	}
}
