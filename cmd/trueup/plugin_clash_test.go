package main

// Local provider names are per module: module a's `thing` (acme/thing, the
// fw plugin) and module b's `thing` (other/thing, the sdk plugin) are two
// providers, each module's resources served by its own and recorded in
// state under its source address, as Terraform records them.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/internal/testproviders/build"
)

var clashFiles = map[string]string{
	"main.tf": `
module "a" {
  source = "./a"
}
module "b" {
  source = "./b"
}
output "ids" {
  value = [module.a.id, module.b.id]
}
`,
	"a/main.tf": `
terraform {
  required_providers {
    thing = { source = "acme/thing" }
  }
}
resource "fw_null" "x" {
  provider = thing
  triggers = { from = "a" }
}
output "id" {
  value = fw_null.x.id
}
`,
	"b/main.tf": `
terraform {
  required_providers {
    thing = { source = "other/thing" }
  }
}
resource "sdk_null" "x" {
  provider = thing
  triggers = { from = "b" }
}
output "id" {
  value = sdk_null.x.id
}
`,
}

// clashStack is the two-module stack with a filesystem mirror serving the
// fw plugin as acme/thing and the sdk plugin as other/thing.
func clashStack(t *testing.T) *stack {
	t.Helper()
	mirror := t.TempDir()
	for ns, typ := range map[string]string{"acme": "fw", "other": "sdk"} {
		bin := build.Provider(t, typ)
		dir := filepath.Join(mirror, "registry.terraform.io", ns, "thing", bin.Version, "linux_amd64")
		must(t, os.MkdirAll(dir, 0o755))
		data, err := os.ReadFile(bin.Path)
		must(t, err)
		must(t, os.WriteFile(filepath.Join(dir, "terraform-provider-thing_v"+bin.Version), data, 0o755))
	}
	cli := "provider_installation {\n  filesystem_mirror {\n    path    = \"" + mirror + "\"\n    include = [\"registry.terraform.io/acme/thing\", \"registry.terraform.io/other/thing\"]\n  }\n}\n"
	s := providerStack(t, nil, cli, clashFiles)
	objects := t.TempDir()
	s.setenv("FW_DIR", objects)
	s.setenv("SDK_DIR", objects)
	return s
}

// clashRun inits and applies the stack with one tool, plans again (no
// changes), destroys, and returns the normalised state resources after
// apply.
func clashRun(t *testing.T, run func(s *stack, args ...string) result) []any {
	s := clashStack(t)
	run(s, "init", "-input=false", "-no-color")
	run(s, "apply", "-auto-approve", "-input=false", "-no-color")
	res := normalResources(t, s.read(stateFile))
	data, err := json.Marshal(res)
	must(t, err)
	data = hexIDRE.ReplaceAll(data, []byte("<id>"))
	var norm []any
	must(t, json.Unmarshal(data, &norm))
	run(s, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	run(s, "destroy", "-auto-approve", "-input=false", "-no-color")
	wantNoPluginProcesses(t, s)
	return norm
}

// TestPluginLocalNamesArePerModule applies the stack with trueup and,
// where terraform is on PATH, with Terraform; the state resources (with
// their provider addresses) must agree. Terraform's are recorded in
// testdata/plugin-compat/clash.json (-update re-records them).
func TestPluginLocalNamesArePerModule(t *testing.T) {
	t.Parallel()
	record := filepath.Join("testdata", "plugin-compat", "clash.json")
	got := clashRun(t, func(s *stack, args ...string) result { return s.must(0, args...) })
	want := pluginRecorded(t, record, func(run func(s *stack, args ...string) result) []any { return clashRun(t, run) })
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	if string(g) != string(w) {
		t.Fatalf("trueup and Terraform differ\n--- trueup\n%s\n--- terraform\n%s", g, w)
	}
}
