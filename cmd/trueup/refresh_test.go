package main

// refresh, Terraform's alias of apply -refresh-only -auto-approve: on a
// stack it records the objects as read and prints the outputs; in a
// directory without configuration or state it warns that there is nothing
// to refresh and succeeds. The script runs with terraform on PATH, or
// against its recording.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const refreshRecording = "../../testdata/e2e/refresh/terraform-1.11.4.json"

var refreshSentences = []string{
	`Outputs: o = "a"`,
	"Warning: Empty or non-existent state There are currently no remote objects tracked in the state, so there is nothing to refresh.",
	"Apply complete!",
}

// runRefreshScript applies a stack in dir/stack, then runs refresh there
// and in dir/empty, with run (args may begin with -chdir).
func runRefreshScript(t *testing.T, dir string, run runFunc) []scriptStep {
	t.Helper()
	for _, d := range []string{"stack", "empty"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src := "resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n\noutput \"o\" {\n  value = terraform_data.a.output\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "stack", "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-chdir=stack", "init", "-input=false"}, {"-chdir=stack", "apply", "-auto-approve", "-input=false"}} {
		if code, out := run(nil, args...); code != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
	}
	var steps []scriptStep
	for _, args := range [][]string{{"-chdir=stack", "refresh", "-input=false"}, {"-chdir=empty", "refresh", "-input=false"}} {
		code, out := run(nil, args...)
		step := scriptStep{Args: args, Code: code, Said: saidOf(out, refreshSentences)}
		if _, err := os.Stat(filepath.Join(dir, strings.TrimPrefix(args[0], "-chdir="), "terraform.tfstate")); err == nil {
			step.Said = append(step.Said, "(a state file is there)")
		}
		steps = append(steps, step)
	}
	return steps
}

func TestRefreshAsTerraform(t *testing.T) {
	t.Parallel()
	compareScriptWithTerraform(t, refreshRecording, runRefreshScript)
}
