package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// terraformRecorded returns Terraform's results of a comparison: run by
// live with the terraform on PATH when there is one (and checked against
// the recording at path by same, or written there with -update-terraform),
// else read from the recording, for machines without terraform.
func terraformRecorded[T any](t *testing.T, path string, live func(tf string) T, same func(live, recorded T) bool) T {
	t.Helper()
	var recorded T
	data, readErr := os.ReadFile(path)
	if readErr == nil {
		if err := json.Unmarshal(data, &recorded); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		if readErr != nil {
			t.Fatalf("no terraform on PATH and no recording: %v", readErr)
		}
		t.Logf("terraform is not on PATH: comparing with %s", path)
		return recorded
	}
	got := live(tf)
	if *updateRecorded {
		out, _ := json.MarshalIndent(got, "", "  ")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if readErr != nil {
		t.Fatalf("%v: run with -update-terraform to record Terraform's results", readErr)
	}
	if !same(got, recorded) {
		t.Errorf("the recording %s no longer matches terraform (run with -update-terraform if the script changed):\n  live %+v\n  recorded %+v", path, got, recorded)
	}
	return got
}

// terraformRunner returns a function that runs tf in dir with a clean
// environment and an empty CLI configuration, plus env, and returns its
// exit code and its output, standard output then standard error
// (Terraform prints warnings on standard output).
func terraformRunner(t *testing.T, tf, dir string) func(env []string, args ...string) (int, string) {
	t.Helper()
	run := terraformInputRunner(t, tf, dir)
	return func(env []string, args ...string) (int, string) { return run(env, "", args...) }
}

// terraformInputRunner is terraformRunner with standard input fed from a
// pipe.
func terraformInputRunner(t *testing.T, tf, dir string) func(env []string, stdin string, args ...string) (int, string) {
	t.Helper()
	rc := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(rc, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return func(env []string, stdin string, args ...string) (int, string) {
		cmd := exec.Command(tf, args...)
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(stdin)
		cmd.Env = append(append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"), env...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		code := exitCode(cmd.Run())
		if code < 0 {
			t.Fatalf("running terraform %s: failed to start", strings.Join(args, " "))
		}
		return code, stdout.String() + stderr.String()
	}
}

// scriptStep is one command of a comparison with Terraform: its arguments, exit
// code, and what it said of the sentences the comparison looks for.
type scriptStep struct {
	Args []string `json:"args"`
	Code int      `json:"code"`
	Said []string `json:"said"`
}

// sameSteps reports whether two runs of a script went alike.
func sameSteps(a, b []scriptStep) bool {
	return slices.EqualFunc(a, b, func(x, y scriptStep) bool {
		return slices.Equal(x.Args, y.Args) && x.Code == y.Code && slices.Equal(x.Said, y.Said)
	})
}

// runFunc runs one command of a script with env added, returning its exit
// code and its output, standard output then standard error.
type runFunc func(env []string, args ...string) (int, string)

// compareScriptWithTerraform runs script with Terraform (terraformRecorded,
// recording at path) and with trueup in a new stack, reports each step
// where the two differ, and returns the stack for further checks.
func compareScriptWithTerraform(t *testing.T, path string, script func(t *testing.T, dir string, run runFunc) []scriptStep) *stack {
	t.Helper()
	want := terraformRecorded(t, path, func(tf string) []scriptStep {
		dir := t.TempDir()
		return script(t, dir, terraformRunner(t, tf, dir))
	}, sameSteps)
	s := newStack(t, map[string]string{})
	got := script(t, s.dir, func(env []string, args ...string) (int, string) {
		r := s.runEnv(env, args...)
		return r.code, r.stdout + r.stderr
	})
	if len(got) != len(want) {
		t.Errorf("%d steps, terraform's results have %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i].Code != want[i].Code || !slices.Equal(got[i].Said, want[i].Said) {
			t.Errorf("trueup %s: exit %d, said %q\n  terraform: exit %d, said %q",
				strings.Join(got[i].Args, " "), got[i].Code, got[i].Said, want[i].Code, want[i].Said)
		}
	}
	return s
}

// saidOf returns which of sentences (normalized) out says, in their order.
func saidOf(out string, sentences []string) []string {
	said := normalize(out)
	found := []string{}
	for _, s := range sentences {
		if strings.Contains(said, normalize(s)) {
			found = append(found, s)
		}
	}
	return found
}

// compareWithTerraform runs script with Terraform (terraformRecorded,
// recording at path) and with trueup in a new stack, and reports where
// the two results differ.
func compareWithTerraform[T comparable](t *testing.T, path string, script func(t *testing.T, dir string, run runFunc) T) {
	t.Helper()
	want := terraformRecorded(t, path, func(tf string) T {
		dir := t.TempDir()
		return script(t, dir, terraformRunner(t, tf, dir))
	}, func(a, b T) bool { return a == b })
	s := newStack(t, map[string]string{})
	got := script(t, s.dir, func(env []string, args ...string) (int, string) {
		r := s.runEnv(env, args...)
		return r.code, r.stdout + r.stderr
	})
	if got != want {
		t.Errorf("trueup and terraform differ\n--- trueup\n%v\n--- terraform\n%v", got, want)
	}
}

// applyScriptStack writes src as dir's main.tf and runs init and apply
// -auto-approve there with run, failing the test when either fails: the
// start of most comparison scripts.
func applyScriptStack(t *testing.T, dir string, run runFunc, src string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		if code, out := run(nil, args...); code != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
	}
}
