package main

// output's refusals in Terraform's words and exit codes: -raw of a
// collection and of a null, and a name with no output. The script runs
// with terraform on PATH, or against its recording.

import (
	"testing"
)

const outputErrorsRecording = "../../testdata/e2e/output-errors/terraform-1.11.4.json"

var outputErrorsSentences = []string{
	"Error: Unsupported value for raw output",
	`The -raw option only supports strings, numbers, and boolean values, but output value "list" is tuple.`,
	"Use the -json option for machine-readable representations of output values that have complex types.",
	`The value for output value "nothing" is null, so -raw mode cannot print it.`,
	`Error: Output "nope" not found`,
	"The output variable requested could not be found in the state file.",
	"a-string",
}

func runOutputErrorsScript(t *testing.T, dir string, run runFunc) []scriptStep {
	t.Helper()
	src := "output \"list\" {\n  value = [1, 2]\n}\n\noutput \"nothing\" {\n  value = null\n}\n\noutput \"s\" {\n  value = \"a-string\"\n}\n"
	applyScriptStack(t, dir, run, src)
	var steps []scriptStep
	for _, args := range [][]string{
		{"output", "-no-color", "-raw", "list"},
		{"output", "-no-color", "-raw", "nothing"},
		{"output", "-no-color", "nope"},
		{"output", "-no-color", "-raw", "s"},
	} {
		code, out := run(nil, args...)
		steps = append(steps, scriptStep{Args: args, Code: code, Said: saidOf(out, outputErrorsSentences)})
	}
	return steps
}

func TestOutputErrorsAsTerraform(t *testing.T) {
	t.Parallel()
	compareScriptWithTerraform(t, outputErrorsRecording, runOutputErrorsScript)
}
