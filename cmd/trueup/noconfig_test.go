package main

// In a directory that has state but no configuration files, plan and
// apply (refresh-only too) must refuse to run, exiting 1 with Terraform's
// error, instead of planning every object for destruction; a destroy
// must still run. Terraform's results are recorded in testdata for
// machines without terraform; where terraform is on PATH the test also
// checks the recording against it (regenerate with -update-terraform).

import (
	"encoding/json"
	"os"
	"os/exec"
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

// terraformNoConfigResults returns Terraform's results: from the terraform
// on PATH when there is one (checked against the recording, or rewriting
// it with -update-terraform), else the recording.
func terraformNoConfigResults(t *testing.T, stateDoc []byte) []noConfigStep {
	t.Helper()
	var recorded []noConfigStep
	data, readErr := os.ReadFile(noConfigRecording)
	if readErr == nil {
		if err := json.Unmarshal(data, &recorded); err != nil {
			t.Fatalf("%s: %v", noConfigRecording, err)
		}
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		if readErr != nil {
			t.Fatalf("no terraform on PATH and no recording: %v", readErr)
		}
		t.Logf("terraform is not on PATH: comparing with %s", noConfigRecording)
		return recorded
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), stateDoc, 0o644); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(rc, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var live []noConfigStep
	for _, args := range noConfigScript() {
		cmd := exec.Command(tf, args...)
		cmd.Dir = dir
		cmd.Env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		code := exitCode(cmd.Run())
		if code < 0 {
			t.Fatalf("running terraform %s: failed to start", strings.Join(args, " "))
		}
		live = append(live, noConfigStep{Args: args, Code: code, Stderr: normalize(stderr.String())})
	}
	if after, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate")); err != nil || string(after) != string(stateDoc) {
		t.Fatalf("terraform changed the state without configuration (%v)", err)
	}
	if *updateRecorded {
		out, _ := json.MarshalIndent(live, "", "  ")
		if err := os.MkdirAll(filepath.Dir(noConfigRecording), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(noConfigRecording, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return live
	}
	if readErr != nil {
		t.Fatalf("%v: run with -update-terraform to record Terraform's results", readErr)
	}
	if !slices.EqualFunc(live, recorded, func(a, b noConfigStep) bool {
		return slices.Equal(a.Args, b.Args) && a.Code == b.Code && a.Stderr == b.Stderr
	}) {
		t.Errorf("the recording %s no longer matches terraform (run with -update-terraform if the script changed):\n  live %+v\n  recorded %+v", noConfigRecording, live, recorded)
	}
	return live
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
