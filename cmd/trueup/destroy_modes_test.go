package main

// How destroys are asked for and how they end: apply -destroy and destroy
// (and destroy of an empty state), -destroy with -refresh-only, each
// compared with terraform on PATH on terraform_data, or with its
// recording. Terraform words the last line by command: "Destroy complete!
// Resources: N destroyed." for destroy, "Apply complete! ..." for apply
// -destroy.

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

const destroyModesRecording = "../../testdata/e2e/destroy-modes/terraform-1.11.4.json"

var destroyModesRE = regexp.MustCompile(`(Apply|Destroy) complete! Resources: [^.]*\.|Error: Incompatible plan mode options The -destroy and -refresh-only options are mutually-exclusive\.`)

func runDestroyModes(t *testing.T, dir string, run runFunc) []scriptStep {
	t.Helper()
	src := "resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n\nresource \"terraform_data\" \"b\" {\n  input = \"b\"\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var steps []scriptStep
	for _, args := range [][]string{
		{"init", "-input=false"},
		{"apply", "-auto-approve", "-input=false"},
		{"plan", "-destroy", "-refresh-only", "-input=false"},
		{"apply", "-destroy", "-refresh-only", "-auto-approve", "-input=false"},
		{"apply", "-destroy", "-auto-approve", "-input=false"},
		{"apply", "-auto-approve", "-input=false"},
		{"destroy", "-auto-approve", "-input=false"},
		{"destroy", "-auto-approve", "-input=false"},
	} {
		code, out := run(nil, args...)
		steps = append(steps, scriptStep{Args: args, Code: code, Said: append([]string{}, destroyModesRE.FindAllString(normalize(out), -1)...)})
	}
	return steps
}

func TestDestroyModesAsTerraform(t *testing.T) {
	t.Parallel()
	s := compareScriptWithTerraform(t, destroyModesRecording, runDestroyModes)
	// A saved plan decides alone: -destroy beside it is refused rather
	// than ignored (Terraform ignores it, and a plan that creates creates).
	s.must(0, "plan", "-out=p.plan")
	wantContains(t, s.must(1, "apply", "-destroy", "p.plan"), "a saved plan is already made")
}
