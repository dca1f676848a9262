package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/plans"
)

const pluginMixedStack = `
resource "fw_thing" "a" {
  name   = "alpha"
  secret = "hunter2"
  tags   = { team = "core" }
  endpoint = { host = "db.internal" }
  rule {
    port  = 80
    proto = "tcp"
  }
  member { name = "m1" }
  member { name = "m2" }
}

resource "fw_null" "n" {
  triggers = { thing = fw_thing.a.id }
}

data "fw_echo" "e" {
  input = fw_thing.a.name
}

resource "sdk_thing" "s" {
  name = data.fw_echo.e.output
  member { name = "x" }
}

resource "null_resource" "builtin" {
  triggers = { s = sdk_thing.s.id }
}

output "echo" {
  value = data.fw_echo.e.output
}
`

func TestPluginStackAppliesThenPlansNoChanges(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, pluginMixedStack)
	res := s.mustApply()
	if res.Counts.Add != 4 {
		t.Errorf("apply added %d objects, want 4 (fw_thing, fw_null, sdk_thing, null_resource)", res.Counts.Add)
	}
	thing := s.instance("fw_thing", "a")
	if len(thing.Private) == 0 || !strings.Contains(string(thing.Private), "token") {
		t.Errorf("fw_thing private data in state = %q, want the provider's token", thing.Private)
	}
	var attrs map[string]any
	_ = json.Unmarshal(s.instance("sdk_thing", "s").Attributes, &attrs)
	if attrs["name"] != "ALPHA" {
		t.Errorf("sdk_thing.s name = %v, want ALPHA from the data source", attrs["name"])
	}
	// fw_thing refuses to read an object whose private data was lost, so
	// a clean plan proves the private data went through state and back.
	s.mustNoop()
	s.mustNoop()
}

func TestPluginDriftIsPlannedBack(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, pluginMixedStack)
	s.mustApply()
	var attrs map[string]any
	must(t, json.Unmarshal(s.instance("fw_thing", "a").Attributes, &attrs))
	id, _ := attrs["id"].(string)
	if err := os.Remove(filepath.Join(s.objects, "fw_thing", id+".json")); err != nil {
		t.Fatal(err)
	}
	res := s.plan()
	if res.Diagnostics.HasErrors() {
		t.Fatal(diagText(res))
	}
	var created bool
	for _, rc := range res.Plan.Changes {
		if rc.Addr.String() == "fw_thing.a" && rc.Action == plans.Create {
			created = true
		}
	}
	if !created {
		t.Errorf("plan after the object was deleted out of band does not create fw_thing.a: %+v", res.Plan.Changes)
	}
	s.mustApply()
	s.mustNoop()
}

func TestPluginImportAdoptsAnObjectWithPrivateData(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, `
resource "fw_thing" "imp" {
  name = "adopted"
  size = 7
}
`)
	rec := `{"name":"adopted","size":7,"secret":null,"tags":null,"endpoint":null,"rule":[],"member":[],"created":"c0"}`
	if err := os.MkdirAll(filepath.Join(s.objects, "fw_thing"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.objects, "fw_thing", "abc123.json"), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	res := importRun(s, "fw_thing.imp", "abc123")
	if res.Diagnostics.HasErrors() {
		t.Fatal(diagText(res))
	}
	inst := s.instance("fw_thing", "imp")
	if len(inst.Private) == 0 || !strings.Contains(flat(string(inst.Attributes)), `"created": "c0"`) {
		t.Errorf("imported instance = %s (private %q), want the stored object and its private data", inst.Attributes, inst.Private)
	}
	s.mustNoop()
}

func TestPluginUpgradesOldSchemaVersionsInState(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, `
resource "fw_thing" "old" {
  name = "legacy"
  size = 6
}
resource "sdk_thing" "flat" {
  name = "flat"
  size = 4
}
`)
	// fw_thing at schema version 0 (name was "label"), and sdk_thing in
	// Terraform 0.11's flatmap form at version 0.
	if err := os.MkdirAll(filepath.Join(s.objects, "fw_thing"), 0o755); err != nil {
		t.Fatal(err)
	}
	rec := `{"name":"legacy","size":6,"secret":null,"tags":null,"endpoint":null,"rule":[],"member":[],"created":"upgraded-old1"}`
	must(t, os.WriteFile(filepath.Join(s.objects, "fw_thing", "old1.json"), []byte(rec), 0o644))
	must(t, os.MkdirAll(filepath.Join(s.objects, "sdk_thing"), 0o755))
	must(t, os.WriteFile(filepath.Join(s.objects, "sdk_thing", "flat1.json"), []byte(`{"name":"flat","size":4}`), 0o644))
	s.write("terraform.tfstate", `{"version": 4, "serial": 1, "lineage": "l-upgrade", "outputs": {}, "resources": [
  {"mode": "managed", "type": "fw_thing", "name": "old", "provider": "provider[\"registry.terraform.io/trueup/fw\"]",
   "instances": [{"schema_version": 0, "attributes": {"id": "old1", "label": "legacy", "size": 6},
                  "private": "eyJ0b2tlbiI6ImV5SnBaQ0k2SW05c1pERWlmUT09In0="}]},
  {"mode": "managed", "type": "sdk_thing", "name": "flat", "provider": "provider[\"registry.terraform.io/trueup/sdk\"]",
   "instances": [{"schema_version": 0, "attributes_flat": {"id": "flat1", "label": "flat", "size": "4"}}]}
]}`)
	res := s.plan()
	if res.Diagnostics.HasErrors() {
		t.Fatal(diagText(res))
	}
	for _, rc := range res.Plan.Changes {
		if rc.Action != plans.NoOp {
			t.Errorf("%s: %s, want no change after the upgrade", rc.Addr, rc.Action)
		}
	}
}

func TestPluginInconsistentResultNamesTheProvider(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, `
resource "fw_inconsistent" "r" {
  value = "v"
  mode  = "result"
}
`)
	res := s.apply()
	text := diagText(res)
	for _, want := range []string{"Provider produced inconsistent result after apply", `provider["registry.terraform.io/hashicorp/fw"]`, `value was planned as "v" but is now "v-changed"`} {
		if !strings.Contains(text, want) {
			t.Errorf("apply error %q lacks %q", text, want)
		}
	}
	if inst := s.instance("fw_inconsistent", "r"); inst.Status != "tainted" {
		t.Errorf("object from an inconsistent create has status %q, want tainted (recorded, to be replaced)", inst.Status)
	}
}

func TestPluginInconsistentFinalPlanNamesTheProvider(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, `
resource "fw_inconsistent" "r" {
  value = "v"
  mode  = "plan"
}
`)
	must(t, os.WriteFile(filepath.Join(s.objects, "planned"), []byte("first"), 0o644))
	res := s.plan()
	if res.Diagnostics.HasErrors() {
		t.Fatal(diagText(res))
	}
	must(t, os.WriteFile(filepath.Join(s.objects, "planned"), []byte("second"), 0o644))
	applied := applySavedRun(s, res.Plan)
	text := diagText(applied)
	for _, want := range []string{"Provider produced inconsistent final plan", `provider["registry.terraform.io/hashicorp/fw"]`, "planned"} {
		if !strings.Contains(text, want) {
			t.Errorf("apply error %q lacks %q", text, want)
		}
	}
}

func TestPluginCrashMidApplyKeepsWhatCompletedAndTheNextApplyContinues(t *testing.T) {
	t.Parallel()
	const tf = `
resource "fw_null" "first" {}
resource "fw_crash" "c" {
  crash      = %s
  depends_on = [fw_null.first]
}
`
	s := newPluginStack(t, strings.Replace(tf, "%s", "true", 1))
	res := s.apply()
	text := diagText(res)
	for _, want := range []string{"Plugin did not respond", "registry.terraform.io/trueup/fw v1.0.0", "fw_crash: crashing as asked"} {
		if !strings.Contains(text, want) {
			t.Errorf("apply error %q lacks %q", text, want)
		}
	}
	first := s.instance("fw_null", "first")
	s.write("main.tf", strings.Replace(tf, "%s", "false", 1))
	s.mustApply()
	if again := s.instance("fw_null", "first"); string(again.Attributes) != string(first.Attributes) {
		t.Errorf("fw_null.first changed on the next apply: %s, was %s", again.Attributes, first.Attributes)
	}
	s.instance("fw_crash", "c")
	s.mustNoop()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestPluginProviderFunctionsAreCallable(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, `
resource "fw_null" "n" {
  triggers = { loud = provider::fw::upper("quiet") }
}
output "shout" {
  value = provider::fw::upper(fw_null.n.triggers["loud"])
}
`)
	res := s.mustApply()
	out := res.State.Outputs["shout"]
	if out == nil || out.Value.AsString() != "QUIET" {
		t.Fatalf("output shout = %#v, want QUIET", out)
	}
	s.mustNoop()

	s.write("main.tf", `
resource "fw_null" "n" {
  triggers = { loud = provider::fw::upper("fail") }
}
`)
	plan := s.plan()
	if text := diagText(plan); !strings.Contains(text, `upper refuses the string "fail"`) {
		t.Errorf("plan with a failing function call: %q, want the provider's error", text)
	}
}
