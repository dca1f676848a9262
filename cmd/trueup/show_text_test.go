package main

// `show` of a state, compared with Terraform's: resources one blank line
// apart, a tainted object marked in its header, values of dynamic type
// (terraform_data's input and output) written as their JSON, and the
// outputs typed, as a plan writes values, a sensitive one redacted. The
// script runs with terraform on PATH, or against its recording.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const showTextRecording = "../../testdata/e2e/show-text/terraform-1.11.4.json"

const showTextConfig = `resource "terraform_data" "d" {
  input = {
    jsons  = ["{\"a\":1}", "[1,2]", "\"s\"", "{}"]
    multi  = "line1\nline2\n"
    keys   = { "1" = "a", b = 2, "with space" = true }
    tmap   = tomap({ a = "1", "b-c" = "2" })
    nested = [{ y = null, z = 1 }]
    nul    = null
    set    = toset(["b", "a"])
  }
}
resource "terraform_data" "t" {
  input = "x"
}
output "o" {
  value = terraform_data.d.input
}
output "s" {
  value     = "secret-value"
  sensitive = true
}
`

// runShowText applies the configuration, taints one object and returns
// what show prints, IDs normalised.
func runShowText(t *testing.T, dir string, run runFunc) string {
	t.Helper()
	applyScriptStack(t, dir, run, showTextConfig)
	if code, out := run(nil, "taint", "terraform_data.t"); code != 0 {
		t.Fatalf("taint: exit %d\n%s", code, out)
	}
	code, out := run(nil, "show", "-no-color")
	if code != 0 {
		t.Fatalf("show: exit %d\n%s", code, out)
	}
	return anyUUIDRE.ReplaceAllString(out, "<id>")
}

func TestShowTextAsTerraform(t *testing.T) {
	t.Parallel()
	compareWithTerraform(t, showTextRecording, func(t *testing.T, dir string, run runFunc) string {
		out := runShowText(t, dir, run)
		if strings.Contains(out, "secret-value") {
			t.Error("show prints the sensitive output's value")
		}
		return out
	})
}

const showEmptyRecording = "../../testdata/e2e/show-empty/terraform-1.11.4.json"

var showEmptySentences = []string{"No state.", "The state file is empty. No resources are represented."}

// runShowEmpty shows a stack before anything was applied (no state) and
// after its one object was destroyed (a state without objects).
func runShowEmpty(t *testing.T, dir string, run runFunc) []scriptStep {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"terraform_data\" \"a\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	show := func() scriptStep {
		code, out := run(nil, "show", "-no-color")
		return scriptStep{Args: []string{"show", "-no-color"}, Code: code, Said: saidOf(out, showEmptySentences)}
	}
	steps := []scriptStep{show()}
	for _, args := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}, {"destroy", "-auto-approve", "-input=false"}} {
		if code, out := run(nil, args...); code != 0 {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
	}
	return append(steps, show())
}

func TestShowWithoutObjectsAsTerraform(t *testing.T) {
	t.Parallel()
	compareScriptWithTerraform(t, showEmptyRecording, runShowEmpty)
}
