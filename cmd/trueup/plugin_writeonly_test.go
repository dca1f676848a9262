package main

// Terraform 1.11's write-only attributes, through a plugin built with
// terraform-plugin-framework (fw_secret's value_wo): the plan text, what
// the provider is given at apply, and what state keeps, each compared with
// Terraform's.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeOnlySteps create a secret, write a new value (the version moves),
// keep it (only the value changes: nothing to do, as the value is never
// planned), and destroy it.
var writeOnlySteps = []planTextStep{
	{"create", `
  name             = "db"
  value_wo         = "hunter2"
  value_wo_version = 1
`}, {"new version", `
  name             = "db"
  value_wo         = "hunter3"
  value_wo_version = 2
`}, {"value alone", `
  name             = "db2"
  value_wo         = "hunter4"
  value_wo_version = 2
`}, {"destroy", ""}}

// TestWriteOnlyPlanTextAsTerraform: a write-only attribute shows as
// "(write-only attribute)" where the object is created or destroyed, and
// counts as unchanged in an update; its value never shows.
func TestWriteOnlyPlanTextAsTerraform(t *testing.T) {
	t.Parallel()
	comparePlanTexts(t, filepath.Join("testdata", "plugin-compat", "writeonly-plantext.json"), "fw_secret", "s", "hunter", writeOnlySteps)
}

// writeOnlyResult is what one tool did with a stack whose write-only
// attribute takes an ephemeral variable: the secret's digest the provider
// stored after each apply, and the state's attributes.
type writeOnlyResult struct {
	Digests []string
	State   []any
}

const writeOnlyStack = `terraform {
  required_providers {
    fw = { source = "trueup/fw", version = "1.0.0" }
  }
}
variable "pw" {
  type      = string
  ephemeral = true
}
variable "ver" {
  type    = number
  default = 1
}
resource "fw_secret" "s" {
  name             = "db"
  value_wo         = var.pw
  value_wo_version = var.ver
}
output "digest" {
  value = fw_secret.s.digest
}
`

// writeOnlyRun plans to a file and applies it (the ephemeral variable
// given again, as it must be), then rotates the value with a new version.
func writeOnlyRun(t *testing.T, run func(s *stack, args ...string) result) writeOnlyResult {
	s, objects := pluginMirrorStack(t, writeOnlyStack)
	run(s, "init", "-input=false", "-no-color")
	var res writeOnlyResult
	digest := func() {
		var rec struct{ Digest string }
		matches, _ := filepath.Glob(filepath.Join(objects, "fw_secret", "*.json"))
		if len(matches) != 1 {
			t.Fatalf("%d secrets stored, want 1", len(matches))
		}
		data, err := os.ReadFile(matches[0])
		must(t, err)
		must(t, json.Unmarshal(data, &rec))
		res.Digests = append(res.Digests, rec.Digest)
	}
	run(s, "plan", "-input=false", "-no-color", "-var=pw=hunter2", "-out=tfplan")
	run(s, "apply", "-input=false", "-no-color", "-var=pw=hunter2", "tfplan")
	digest()
	run(s, "apply", "-auto-approve", "-input=false", "-no-color", "-var=pw=rotated", "-var=ver=2")
	digest()
	for _, f := range []string{stateFile, "tfplan"} {
		if data := s.read(f); strings.Contains(data, "hunter2") || strings.Contains(data, "rotated") {
			t.Errorf("%s holds the write-only value", f)
		}
	}
	res.State = normalResources(t, hexIDRE.ReplaceAllString(s.read(stateFile), "<id>"))
	return res
}

// TestWriteOnlyValueReachesTheProviderAndNotTheState: the provider gets
// the value at each apply (its digest changes with it), from a saved plan
// too, and the state records the attribute null, as Terraform's.
func TestWriteOnlyValueReachesTheProviderAndNotTheState(t *testing.T) {
	t.Parallel()
	got := writeOnlyRun(t, func(s *stack, args ...string) result { return s.must(0, args...) })
	want := pluginRecorded(t, filepath.Join("testdata", "plugin-compat", "writeonly.json"), func(run func(s *stack, args ...string) result) writeOnlyResult {
		return writeOnlyRun(t, run)
	})
	if len(got.Digests) != 2 || got.Digests[0] == got.Digests[1] || got.Digests[0] == "none" {
		t.Errorf("stored digests %q, want two values written", got.Digests)
	}
	compareJSON(t, "write-only results", got, want)
}
