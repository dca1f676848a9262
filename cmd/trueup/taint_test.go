package main

// taint and untaint: the same script runs with terraform on PATH (on
// terraform_data, which needs no provider to install), or against its
// recording, and both must exit alike and say the same things.

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
)

const taintRecording = "../../testdata/e2e/taint/terraform-1.11.4.json"

var taintSentences = []string{
	"Resource instance terraform_data.a has been marked as tainted.",
	"Resource instance terraform_data.a has been successfully untainted.",
	"# terraform_data.a is tainted, so must be replaced",
	"Error: Resource instance is not tainted Resource instance terraform_data.a is not currently tainted, and so it cannot be untainted.",
	"Error: No such resource instance There is no resource instance in the state with the address terraform_data.nope.",
	"Warning: No such resource instance Resource instance terraform_data.nope was not found, but this is not an error because -allow-missing was set.",
	"Resource instance data.terraform_remote_state.x cannot be tainted",
}

func runTaintScript(t *testing.T, dir string, run func(env []string, args ...string) (int, string)) []scriptStep {
	t.Helper()
	src := "resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n\nresource \"terraform_data\" \"b\" {\n  input = \"b\"\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		if code, out := run(nil, args...); code != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
	}
	var steps []scriptStep
	for _, args := range [][]string{
		{"taint", "terraform_data.a"},
		{"taint", "terraform_data.a"},
		{"plan", "-input=false", "-detailed-exitcode"},
		{"untaint", "terraform_data.a"},
		{"untaint", "terraform_data.a"},
		{"plan", "-input=false", "-detailed-exitcode"},
		{"taint", "terraform_data.nope"},
		{"taint", "-allow-missing", "terraform_data.nope"},
		{"untaint", "-allow-missing", "terraform_data.nope"},
		{"taint", "data.terraform_remote_state.x"},
	} {
		code, out := run(nil, args...)
		said := normalize(out)
		step := scriptStep{Args: args, Code: code, Said: []string{}}
		for _, s := range taintSentences {
			if strings.Contains(said, normalize(s)) {
				step.Said = append(step.Said, s)
			}
		}
		steps = append(steps, step)
	}
	return steps
}

func TestTaintAndUntaintAsTerraform(t *testing.T) {
	t.Parallel()
	want := terraformRecorded(t, taintRecording, func(tf string) []scriptStep {
		dir := t.TempDir()
		return runTaintScript(t, dir, terraformRunner(t, tf, dir))
	}, sameSteps)
	s := newStack(t, map[string]string{})
	got := runTaintScript(t, s.dir, func(env []string, args ...string) (int, string) {
		r := s.runEnv(env, args...)
		return r.code, r.stdout + r.stderr
	})
	if !sameSteps(got, want) {
		for i := range got {
			if i < len(want) && (got[i].Code != want[i].Code || !slices.Equal(got[i].Said, want[i].Said)) {
				t.Errorf("trueup %s: exit %d, said %q\n  terraform: exit %d, said %q", strings.Join(got[i].Args, " "), got[i].Code, got[i].Said, want[i].Code, want[i].Said)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%d steps, terraform's results have %d", len(got), len(want))
		}
	}
	if a := s.state().FindResource(addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "terraform_data", Name: "a"}); a == nil || len(a.Instances) != 1 || a.Instances[0].Status != "" {
		t.Errorf("terraform_data.a after the script: %+v, want it untainted in state", a)
	}
}
