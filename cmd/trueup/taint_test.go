package main

// taint and untaint: the same script runs with terraform on PATH (on
// terraform_data, which needs no provider to install), or against its
// recording, and both must exit alike and say the same things.

import (
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

func runTaintScript(t *testing.T, dir string, run runFunc) []scriptStep {
	t.Helper()
	src := "resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n\nresource \"terraform_data\" \"b\" {\n  input = \"b\"\n}\n"
	applyScriptStack(t, dir, run, src)
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
		step := scriptStep{Args: args, Code: code, Said: saidOf(out, taintSentences)}
		steps = append(steps, step)
	}
	return steps
}

func TestTaintAndUntaintAsTerraform(t *testing.T) {
	t.Parallel()
	s := compareScriptWithTerraform(t, taintRecording, runTaintScript)
	if a := s.state().FindResource(addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "terraform_data", Name: "a"}); a == nil || len(a.Instances) != 1 || a.Instances[0].Status != "" {
		t.Errorf("terraform_data.a after the script: %+v, want it untainted in state", a)
	}
}
