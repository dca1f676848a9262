package main

// A backend block edited after init: trueup, like Terraform, refuses every
// command but init until init has run again ("Backend initialization
// required"), and init refuses to leave the old state behind unless told
// to migrate it (-migrate-state, and -force-copy without a terminal) or
// to start afresh (-reconfigure). The same script runs with Terraform on
// PATH, or against its recorded results, on a stack of outputs only (no
// provider to install).

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// backendChangedRecording is where Terraform's results are recorded.
const backendChangedRecording = "../../testdata/e2e/backend-changed/terraform-1.11.4.json"

// initRequired is how both tools begin the refusal (normalized).
const initRequired = `Error: Backend initialization required: please run "trueup init" Reason: Backend configuration block has changed`

// backendChangedStep is one command after the edit, and its result.
type backendChangedStep struct {
	Args []string `json:"args"`
	Code int      `json:"code"`
	// InitRequired is whether the command said initialization is required.
	InitRequired bool `json:"init_required"`
}

func backendStack(path string) string {
	return "terraform {\n  backend \"local\" {\n    path = \"" + path + "\"\n  }\n}\n\noutput \"n\" {\n  value = 1\n}\n"
}

// backendChangedScript is what both tools run once the path changed from
// a.tfstate to b.tfstate.
func backendChangedScript() [][]string {
	return [][]string{
		{"plan", "-input=false"},
		{"output"},
		{"state", "list"},
		{"workspace", "list"},
		{"init", "-input=false"},
		{"init", "-migrate-state", "-input=false"},
		{"init", "-migrate-state", "-force-copy", "-input=false"},
		{"plan", "-input=false", "-detailed-exitcode"},
	}
}

// runBackendChanged runs the whole scenario in dir with run and returns
// the script's results.
func runBackendChanged(t *testing.T, dir string, run func(args ...string) (int, string)) []backendChangedStep {
	t.Helper()
	write := func(path string) {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(backendStack(path)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.tfstate")
	for _, args := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		if code, stderr := run(args...); code != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	write("b.tfstate")
	var steps []backendChangedStep
	for _, args := range backendChangedScript() {
		code, stderr := run(args...)
		steps = append(steps, backendChangedStep{Args: args, Code: code, InitRequired: strings.Contains(normalize(stderr), initRequired)})
	}
	return steps
}

// terraformBackendChanged returns Terraform's results (terraformRecorded).
func terraformBackendChanged(t *testing.T) []backendChangedStep {
	t.Helper()
	return terraformRecorded(t, backendChangedRecording, func(tf string) []backendChangedStep {
		dir := t.TempDir()
		run := terraformRunner(t, tf, dir)
		return runBackendChanged(t, dir, func(args ...string) (int, string) { return run(nil, args...) })
	}, func(live, recorded []backendChangedStep) bool {
		return slices.EqualFunc(live, recorded, func(a, b backendChangedStep) bool {
			return slices.Equal(a.Args, b.Args) && a.Code == b.Code && a.InitRequired == b.InitRequired
		})
	})
}

func TestChangedBackendBlockRequiresInitAsTerraformDoes(t *testing.T) {
	t.Parallel()
	want := terraformBackendChanged(t)
	s := newStack(t, map[string]string{})
	got := runBackendChanged(t, s.dir, func(args ...string) (int, string) {
		r := s.run(args...)
		return r.code, r.stderr
	})
	if len(got) != len(want) {
		t.Fatalf("%d steps, terraform's results have %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Code != want[i].Code || got[i].InitRequired != want[i].InitRequired {
			t.Errorf("trueup %s: exit %d, init required %v; terraform: exit %d, init required %v",
				strings.Join(got[i].Args, " "), got[i].Code, got[i].InitRequired, want[i].Code, want[i].InitRequired)
		}
	}
	// The migration copied the state, lineage and all, and left a.tfstate.
	a, b := s.stateAt("a.tfstate"), s.stateAt("b.tfstate")
	if a == nil || b == nil || a.Lineage != b.Lineage || b.Serial != a.Serial {
		t.Errorf("after -migrate-state: a.tfstate %v, b.tfstate %v; want the same state in both", a, b)
	}
}

// stateAt decodes the state file at rel, or nil when there is none.
func (s *stack) stateAt(rel string) *state.State {
	s.t.Helper()
	b, err := os.ReadFile(s.path(rel))
	if err != nil {
		return nil
	}
	st, err := state.Decode(b)
	if err != nil {
		s.t.Fatal(err)
	}
	return st
}

// TestBackendSettingMovedIntoTheBlockNeedsNoInit: a setting given to init
// by -backend-config and later written into the backend block changes the
// block but not the backend, which Terraform accepts; a setting that does
// change it is refused. A saved backend from before the block was
// recorded is not checked.
func TestBackendSettingMovedIntoTheBlockNeedsNoInit(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": "terraform {\n  backend \"local\" {}\n}\n\noutput \"n\" {\n  value = 1\n}\n"})
	s.must(0, "init", "-input=false", "-backend-config=path=a.tfstate")
	s.must(0, "apply", "-auto-approve")
	s.write("main.tf", backendStack("a.tfstate"))
	s.must(0, "plan", "-detailed-exitcode")
	s.write("main.tf", backendStack("c.tfstate"))
	wantContains(t, s.must(1, "plan"), "Backend initialization required", "Backend configuration block has changed")

	var saved map[string]any
	if err := json.Unmarshal([]byte(s.read(savedBackendPath)), &saved); err != nil || saved["block_sha256"] == nil {
		t.Fatalf("%s: %v, block_sha256 %v", savedBackendPath, err, saved["block_sha256"])
	}
	delete(saved, "block_sha256")
	legacy, _ := json.Marshal(saved)
	s.write(savedBackendPath, string(legacy))
	s.must(0, "plan", "-detailed-exitcode") // the saved a.tfstate, as before
}
