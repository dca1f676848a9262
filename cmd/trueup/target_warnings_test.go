package main

// A plan or apply narrowed by -target warns that it may leave out changes,
// and an apply that it may be incomplete, as Terraform warns; a full plan
// does not. The script runs on a stack of outputs only, with terraform on
// PATH or against its recording.

import (
	"os"
	"path/filepath"
	"testing"
)

const targetWarningsRecording = "../../testdata/e2e/target-warnings/terraform-1.11.4.json"

// targetSentences are the warnings' summaries and key sentences (as
// normalize leaves them), in the order they are looked for.
var targetSentences = []string{
	"Warning: Resource targeting is in effect",
	"You are creating a plan with the -target option, which means that the result of this plan may not represent all of the changes requested by the current configuration.",
	"Warning: Applied changes may be incomplete",
	"The plan was created with the -target option in effect, so some changes requested in the configuration may have been ignored and the output values may not be fully updated. Run the following command to verify that no other changes are pending: trueup plan",
}

func runTargetScript(t *testing.T, dir string, run runFunc) []scriptStep {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("output \"a\" {\n  value = 1\n}\n\noutput \"b\" {\n  value = 2\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var steps []scriptStep
	for _, args := range [][]string{
		{"plan", "-input=false", "-target=output.a"},
		{"apply", "-input=false", "-auto-approve", "-target=output.a"},
		{"plan", "-input=false"},
	} {
		code, out := run(nil, args...)
		step := scriptStep{Args: args, Code: code, Said: saidOf(out, targetSentences)}
		steps = append(steps, step)
	}
	return steps
}

func TestTargetWarningsAsTerraform(t *testing.T) {
	t.Parallel()
	compareScriptWithTerraform(t, targetWarningsRecording, runTargetScript)
}
