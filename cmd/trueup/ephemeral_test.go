package main

// Terraform 1.10's ephemeral variables and outputs, as Terraform takes
// them, on the same files: refused in resource and data source arguments,
// count and for_each, non-ephemeral outputs and module inputs, and root
// outputs; ephemeralasnull(); a saved plan that never holds the value and
// an apply that must be given it again. The script runs with terraform on
// PATH, or against its recording.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ephemeralRecording = "../../testdata/e2e/ephemeral/terraform-1.11.4.json"

var ephemeralSentences = []string{
	"Invalid use of ephemeral value",
	`Ephemeral values are not valid for "input", because it is not a write-only attribute and must be persisted to state.`,
	"on main.tf line 10",
	"Ephemeral value not allowed",
	"This input variable is not declared as accepting a ephemeral values, so it cannot be set to a result derived from an ephemeral value.",
	"on main.tf line 8",
	"Ephemeral output not allowed",
	"Ephemeral outputs are not allowed in context of a root module",
	"This output value is not declared as returning an ephemeral value, so it cannot be set to a result derived from an ephemeral value.",
	"on main.tf line 16",
	"Invalid count argument",
	`The given "count" is derived from an ephemeral value, which means that Terraform cannot persist it between plan/apply rounds. Use only non-ephemeral values to specify the number of resource instances.`,
	"Invalid for_each argument",
	`The given "for_each" value is derived from an ephemeral value, which means that Terraform cannot persist it between plan/apply rounds. Use only non-ephemeral values to specify a resource's instance keys.`,
	"No value for required variable",
	`The ephemeral input variable "token" was set during the plan phase, and so must also be set during the apply phase.`,
	"Apply complete! Resources: 1 added",
	"+ input",
	"hunter2",
}

const ephemeralVariable = `variable "token" {
  type      = string
  ephemeral = true
}
`

var ephemeralStacks = []struct{ name, main, child string }{
	{"argument", ephemeralVariable + `
locals {
  derived = "x-${var.token}"
}
resource "terraform_data" "a" {
  input = local.derived
}
`, ""},
	{"outputs", ephemeralVariable + `
module "c" {
  source = "./child"
  plain  = var.token
  eph    = var.token
}
output "root_eph" {
  value     = "x"
  ephemeral = true
}
output "root_leak" {
  value = var.token
}
`, `variable "plain" {
  type = string
}
variable "eph" {
  type      = string
  ephemeral = true
}
output "ok" {
  value     = var.eph
  ephemeral = true
}
`},
	{"count", ephemeralVariable + `
resource "terraform_data" "a" {
  count = length(var.token) > 0 ? 1 : 0
}
`, ""},
	{"for_each", ephemeralVariable + `
resource "terraform_data" "a" {
  for_each = toset([var.token])
}
`, ""},
}

// ephemeralSavedPlan uses the variable where it may be: ephemeralasnull.
const ephemeralSavedPlan = ephemeralVariable + `
locals {
  n = length(var.token)
}
resource "terraform_data" "a" {
  input = ephemeralasnull(var.token)
}
`

func runEphemeralScript(t *testing.T, dir string, run runFunc) []scriptStep {
	t.Helper()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var steps []scriptStep
	step := func(args ...string) {
		code, out := run(nil, args...)
		steps = append(steps, scriptStep{Args: args, Code: code, Said: saidOf(out, ephemeralSentences)})
	}
	for _, st := range ephemeralStacks {
		write("main.tf", st.main)
		if st.child != "" {
			write("child/main.tf", st.child)
		}
		step("init", "-input=false")
		step("plan", "-no-color", "-input=false", "-var", "token=hunter2")
	}
	write("main.tf", ephemeralSavedPlan)
	step("plan", "-no-color", "-input=false", "-var", "token=hunter2", "-out=p.plan")
	step("show", "-json", "p.plan")
	step("apply", "-no-color", "-input=false", "p.plan")
	step("apply", "-no-color", "-input=false", "-var", "token=hunter2", "p.plan")
	return steps
}

func TestEphemeralValuesAsTerraform(t *testing.T) {
	t.Parallel()
	s := compareScriptWithTerraform(t, ephemeralRecording, runEphemeralScript)
	raw, err := os.ReadFile(s.path("p.plan"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "hunter2") {
		t.Error("the saved plan holds the ephemeral variable's value")
	}
	if strings.Contains(s.read("terraform.tfstate"), "hunter2") {
		t.Error("the state holds the ephemeral variable's value")
	}
}
