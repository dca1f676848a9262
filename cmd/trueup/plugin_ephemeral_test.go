package main

// Terraform 1.10's ephemeral resources, through the framework test
// provider's fw_token (each open, renew and close logged by the provider):
// what is opened and closed in a plan and in the apply of the saved plan,
// what reaches a write-only attribute and a provisioner, what the state
// keeps, and the errors, each compared with Terraform's.

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const ephemeralStack = `terraform {
  required_providers {
    fw = { source = "trueup/fw", version = "1.0.0" }
  }
}
ephemeral "fw_token" "unused" {
  name = "unused"
}
ephemeral "fw_token" "multi" {
  count = 2
  name  = "m${count.index}"
}
ephemeral "fw_token" "later" {
  name = fw_null.n.id
}
ephemeral "fw_token" "renewed" {
  name     = "renewed"
  renew_in = terraform.applying ? "1s" : "1h"
}
resource "fw_null" "n" {
  triggers = { a = "b" }
}
resource "fw_secret" "s" {
  name             = "s"
  value_wo         = ephemeral.fw_token.multi[1].token
  value_wo_version = 1
}
locals {
  tok = ephemeral.fw_token.multi[0].token
}
resource "terraform_data" "d" {
  input = fw_null.n.id
  provisioner "local-exec" {
    command = "echo ${nonsensitive(local.tok)} ${nonsensitive(ephemeral.fw_token.later.token)} && sleep 2 && echo ${nonsensitive(ephemeral.fw_token.renewed.token)}"
  }
}
`

// ephemeralResult is what one tool did with ephemeralStack.
type ephemeralResult struct {
	// PlanEvents and ApplyEvents are the progress lines, sorted: their
	// order between instances is the walk's.
	PlanEvents, ApplyEvents []string
	PlanText                string
	// Logs are the provider's logs of each token's opens, renewals and
	// closes.
	Logs  map[string][]string
	State []any
}

var (
	idsInLines     = regexp.MustCompile(`\[id=[^\]]+\]`)
	elapsedInLines = regexp.MustCompile(`after [0-9]+s`)
)

// ephemeralRun plans to a file and applies it.
func ephemeralRun(t *testing.T, run func(s *stack, args ...string) result) ephemeralResult {
	s, objects := pluginMirrorStack(t, ephemeralStack)
	run(s, "init", "-input=false", "-no-color")
	var res ephemeralResult
	plan := run(s, "plan", "-input=false", "-no-color", "-out=tfplan").stdout
	res.PlanEvents = progressLines(plan, "\n\n")
	res.PlanText = planActions(plan)
	apply := run(s, "apply", "-input=false", "-no-color", "tfplan").stdout
	// An instance is closed once nothing uses it: the unused one long
	// before the provisioner's two seconds are over, the one the
	// provisioner uses after.
	for _, pair := range [][2]string{
		{"ephemeral.fw_token.unused: Closing complete", "terraform_data.d: Creation complete"},
		{"terraform_data.d: Creation complete", "ephemeral.fw_token.renewed: Closing..."},
	} {
		if i, j := strings.Index(apply, pair[0]), strings.Index(apply, pair[1]); i < 0 || j < 0 || i > j {
			t.Errorf("apply printed %q after %q, or not at all:\n%s", pair[0], pair[1], apply)
		}
	}
	res.ApplyEvents = progressLines(apply, "\nApply complete!")
	res.Logs = map[string][]string{}
	logs, _ := filepath.Glob(filepath.Join(objects, "fw_token", "*.log"))
	for _, f := range logs {
		data, err := os.ReadFile(f)
		must(t, err)
		name := hexIDRE.ReplaceAllString(strings.TrimSuffix(filepath.Base(f), ".log"), "<id>")
		res.Logs[name] = strings.Fields(string(data))
	}
	state := s.read(stateFile)
	for _, token := range []string{"token-for-", "unused"} {
		if strings.Contains(state, token) || strings.Contains(s.read("tfplan"), token) {
			t.Errorf("the state or the plan holds %q", token)
		}
	}
	res.State = normalResources(t, hexIDRE.ReplaceAllString(state, "<id>"))
	return res
}

// progressLines returns the progress lines of a command's output (before
// sep), sorted, with IDs and elapsed times normalised: their order
// between instances is the walk's.
func progressLines(out, sep string) []string {
	before, _, _ := strings.Cut(out, sep)
	before = idsInLines.ReplaceAllString(hexIDRE.ReplaceAllString(before, "<id>"), "[id=<id>]")
	return sortedLines(elapsedInLines.ReplaceAllString(before, "after <t>"))
}

// sortedLines returns text's non-empty lines, sorted.
func sortedLines(text string) []string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	return lines
}

// TestEphemeralResourcesAsTerraform: every ephemeral resource is opened
// in the plan and again in the apply, and closed in each; one whose
// configuration is unknown at plan is deferred and opened at apply; one
// that asks to be renewed is, while the apply still uses it; the
// write-only attribute gets the token, the provisioner's output is
// suppressed, and neither the plan file nor the state holds a token,
// while the state's dependencies name the ephemeral resources.
func TestEphemeralResourcesAsTerraform(t *testing.T) {
	t.Parallel()
	got := ephemeralRun(t, func(s *stack, args ...string) result { return s.must(0, args...) })
	want := pluginRecorded(t, filepath.Join("testdata", "plugin-compat", "ephemeral.json"), func(run func(s *stack, args ...string) result) ephemeralResult {
		return ephemeralRun(t, run)
	})
	compareJSON(t, "ephemeral resources", got, want)
}

// ephemeralErrorCases are stacks that must fail, each with Terraform's
// error.
var ephemeralErrorCases = map[string]string{
	"not write-only": `
ephemeral "fw_token" "t" {
  name = "t"
}
resource "fw_secret" "s" {
  name = ephemeral.fw_token.t.token
}
`,
	"output": `
ephemeral "fw_token" "t" {
  name = "t"
}
output "o" {
  value     = ephemeral.fw_token.t.token
  sensitive = true
}
`,
	"open fails": `
ephemeral "fw_token" "t" {
  name = "fail"
}
`,
	"unknown type": `
ephemeral "fw_nope" "t" {}
`,
	"undeclared": `
resource "fw_secret" "s" {
  name     = "s"
  value_wo = ephemeral.fw_token.nope.token
}
`,
}

// ephemeralErrorRun plans each case and returns its exit code and the
// summaries and details of its errors.
func ephemeralErrorRun(t *testing.T, run func(s *stack, args ...string) result) map[string][]string {
	out := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(ephemeralErrorCases)) {
		s, _ := pluginMirrorStack(t, "terraform {\n  required_providers {\n    fw = { source = \"trueup/fw\", version = \"1.0.0\" }\n  }\n}\n"+ephemeralErrorCases[name])
		run(s, "init", "-input=false", "-no-color")
		r := run(s, "plan", "-input=false", "-no-color")
		out[name] = append([]string{fmt.Sprintf("exit %d", r.code)}, errorTexts(r.stderr)...)
	}
	return out
}

// errorTexts returns the "Error: ..." lines of diagnostics and their
// details' words, joined: the parts both tools word the same, without
// the source snippet and the wrapping.
func errorTexts(stderr string) []string {
	var out []string
	for _, block := range strings.Split(stderr, "Error: ")[1:] {
		lines := strings.Split(block, "\n")
		summary := strings.TrimSpace(lines[0])
		var detail []string
		inDetail := false
		for _, l := range lines[1:] {
			switch {
			case strings.HasPrefix(l, "  with "):
				summary += " (" + strings.TrimSuffix(strings.TrimPrefix(l, "  with "), ",") + ")"
				continue
			case strings.HasPrefix(l, "  on ") || strings.HasPrefix(l, "  ") && strings.Contains(l, ":"):
				continue
			case strings.TrimSpace(l) == "":
				inDetail = len(detail) > 0 || inDetail
				continue
			}
			if !strings.HasPrefix(l, " ") {
				detail = append(detail, strings.Fields(l)...)
			}
		}
		out = append(out, summary+": "+strings.Join(detail, " "))
	}
	return out
}

// TestEphemeralResourceErrorsAsTerraform: an ephemeral value where it
// may not go, a provider that refuses to open, an unknown type and a
// reference to an undeclared one fail the plan (not init) with
// Terraform's errors.
func TestEphemeralResourceErrorsAsTerraform(t *testing.T) {
	t.Parallel()
	got := ephemeralErrorRun(t, func(s *stack, args ...string) result { return s.run(args...) })
	want := pluginRecordedWith(t, filepath.Join("testdata", "plugin-compat", "ephemeral-errors.json"), runTerraformAnyCode, func(run func(s *stack, args ...string) result) map[string][]string {
		return ephemeralErrorRun(t, run)
	})
	compareJSON(t, "ephemeral errors", got, want)
}

// compareJSON reports got and want (a tool's results and Terraform's)
// when their JSON differs.
func compareJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	if string(g) != string(w) {
		t.Errorf("%s differ\n--- trueup\n%s\n--- terraform\n%s", what, g, w)
	}
}

// TestBuiltInEphemeralPasswordReachesAProvisioner: the built-in random
// provider's ephemeral random_password (hashicorp/random 3.7) is opened
// in the plan and the apply, its value reaches what uses it (the
// provisioner's check fails the apply otherwise), and it is in neither
// the plan file nor the state.
func TestBuiltInEphemeralPasswordReachesAProvisioner(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
ephemeral "random_password" "p" {
  length  = 24
  special = false
}
resource "terraform_data" "d" {
  provisioner "local-exec" {
    command = "test ${length(nonsensitive(ephemeral.random_password.p.result))} -eq 24 && test ${nonsensitive(ephemeral.random_password.p.special)} = false"
  }
}
`})
	s.must(0, "init", "-no-color")
	plan := s.must(0, "plan", "-no-color", "-out=tfplan")
	wantLines(t, plan, "ephemeral.random_password.p: Opening...", "ephemeral.random_password.p: Closing complete after 0s")
	apply := s.must(0, "apply", "-no-color", "tfplan")
	wantLines(t, apply, "ephemeral.random_password.p: Opening complete after 0s",
		"terraform_data.d (local-exec): (output suppressed due to ephemeral value in config)",
		"Apply complete! Resources: 1 added, 0 changed, 0 destroyed.")
	for _, f := range []string{stateFile, "tfplan"} {
		if data := s.read(f); strings.Contains(data, `"result"`) || strings.Contains(data, "bcrypt") {
			t.Errorf("%s records the ephemeral resource:\n%s", f, data)
		}
	}
}

// ephemeralProviderStack configures the default fw provider with a token
// an ephemeral resource of an aliased one opens: its objects' directory is
// named after the token.
const ephemeralProviderStack = `terraform {
  required_providers {
    fw = { source = "trueup/fw", version = "1.0.0" }
  }
}
provider "fw" {
  alias = "vault"
}
ephemeral "fw_token" "creds" {
  provider = fw.vault
  name     = local.role
}
locals {
  role = "deployer"
}
provider "fw" {
  dir = "${path.root}/objects-${ephemeral.fw_token.creds.token}"
}
resource "fw_secret" "n" {
  name = "n"
}
`

// ephemeralProviderRun applies, then destroys, ephemeralProviderStack.
func ephemeralProviderRun(t *testing.T, run func(s *stack, args ...string) result) ephemeralResult {
	s, objects := pluginMirrorStack(t, ephemeralProviderStack)
	run(s, "init", "-input=false", "-no-color")
	var res ephemeralResult
	res.PlanEvents = progressLines(run(s, "plan", "-input=false", "-no-color", "-out=tfplan").stdout, "\n\n")
	res.ApplyEvents = progressLines(run(s, "apply", "-input=false", "-no-color", "tfplan").stdout, "\nApply complete!")
	made, _ := filepath.Glob(filepath.Join(s.dir, "objects-*", "fw_secret", "*.json"))
	for _, f := range made {
		rel, _ := filepath.Rel(s.dir, f)
		res.ApplyEvents = append(res.ApplyEvents, "made "+hexIDRE.ReplaceAllString(rel, "<id>"))
	}
	destroy := run(s, "destroy", "-auto-approve", "-input=false", "-no-color").stdout
	// Terraform's destroy refreshes, plans and applies, opening the
	// token three times; trueup's plans (refreshing) and applies, twice.
	// What is compared is that the provider could delete the object.
	for _, l := range progressLines(destroy, "\nDestroy complete!") {
		if strings.Contains(l, "Destr") {
			res.ApplyEvents = append(res.ApplyEvents, "destroy: "+l)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(s.dir, "objects-*", "fw_secret", "*.json")); len(left) > 0 {
		t.Errorf("the destroy left %s", left)
	}
	data, err := os.ReadFile(filepath.Join(objects, "fw_token", "deployer.log"))
	must(t, err)
	ops := strings.Fields(string(data))
	for i := range ops {
		if want := []string{"open", "close"}[i%2]; ops[i] != want || len(ops) < 4 || len(ops)%2 != 0 {
			t.Fatalf("the token's opens and closes do not pair: %q", ops)
		}
	}
	res.Logs = map[string][]string{"deployer (plan and apply)": ops[:4]}
	if strings.Contains(s.read(stateFile)+s.read("tfplan"), "token-for-") {
		t.Error("the state or the plan holds the token")
	}
	return res
}

// TestEphemeralResourceConfiguresAProviderAsTerraform: a provider block
// may use an ephemeral resource (opened with another provider) in the
// plan, the apply and the destroy: it is opened before the provider is
// configured, once, and closed at the end of each.
func TestEphemeralResourceConfiguresAProviderAsTerraform(t *testing.T) {
	t.Parallel()
	got := ephemeralProviderRun(t, func(s *stack, args ...string) result { return s.must(0, args...) })
	want := pluginRecorded(t, filepath.Join("testdata", "plugin-compat", "ephemeral-provider.json"), func(run func(s *stack, args ...string) result) ephemeralResult {
		return ephemeralProviderRun(t, run)
	})
	compareJSON(t, "ephemeral resources in a provider block", got, want)
}

// TestPlanJSONWithEphemeralResourcesIsOneDocument: `plan -json` writes
// the plan document alone, without the ephemeral resources' progress.
func TestPlanJSONWithEphemeralResourcesIsOneDocument(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
ephemeral "random_password" "p" {
  length = 12
}
resource "terraform_data" "d" {}
`})
	s.must(0, "init", "-no-color")
	var doc map[string]any
	out := s.must(0, "plan", "-json").stdout
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc["planned_values"] == nil {
		t.Errorf("plan -json is not one plan document (%v):\n%s", err, out)
	}
}

// TestFailedRenewalFailsTheApply: a renewal the provider refuses while
// the token is still in use is an error of the apply, at the ephemeral
// block, not a line of progress alone; the token is still closed.
func TestFailedRenewalFailsTheApply(t *testing.T) {
	t.Parallel()
	s, objects := pluginMirrorStack(t, `terraform {
  required_providers {
    fw = { source = "trueup/fw", version = "1.0.0" }
  }
}
ephemeral "fw_token" "t" {
  name     = "renew-fails"
  renew_in = terraform.applying ? "1s" : "1h"
}
resource "terraform_data" "d" {
  provisioner "local-exec" {
    command = "sleep 2 && test -n ${nonsensitive(ephemeral.fw_token.t.token)}"
  }
}
`)
	s.must(0, "init", "-input=false", "-no-color")
	r := s.must(1, "apply", "-auto-approve", "-input=false", "-no-color")
	wantLines(t, r, "Error: Token renewal refused", "  with ephemeral.fw_token.t,", "  on main.tf line 6:")
	data, err := os.ReadFile(filepath.Join(objects, "fw_token", "renew-fails.log"))
	must(t, err)
	if got := strings.Fields(string(data)); strings.Join(got, " ") != "open close open renew close" {
		t.Errorf("the token's log %q, want open close (plan) open renew close (apply)", got)
	}
}
