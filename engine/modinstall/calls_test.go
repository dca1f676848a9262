package modinstall

import (
	"testing"

	"github.com/trueup/trueup/engine/getmodules/modtest"
)

func TestReadCallsMergesOverridesAndReportsBadBlocks(t *testing.T) {
	dir := t.TempDir()
	modtest.WriteFiles(t, dir, map[string]string{
		"main.tf": `
module "net" {
  source  = "acme/net/aws"
  version = "1.0.0"
  cidr    = var.cidr
}
module "nosource" {
}
module "net" {
  source = "./dup"
}
`,
		"app.tf.json":      `{"module": {"app": {"source": "./app"}}}`,
		"override.tf":      `module "net" { version = "2.0.0" }`,
		"app_override.tf":  `module "ghost" { source = "./x" }`,
		"#scratch.tf#":     `module "ignored" { source = "./x" }`,
		".hidden.tf":       `module "ignored2" { source = "./x" }`,
		"notes.tf~":        `module "ignored3" { source = "./x" }`,
		"sub/nested.tf":    `module "deeper" { source = "./x" }`,
		"README.md":        "not config",
		"variables.tf.bak": "not config",
	})
	calls, diags := ReadCalls(dir)
	got := map[string]Call{}
	for _, c := range calls {
		got[c.Name] = c
	}
	if len(got) != 3 || got["net"].Source != "acme/net/aws" || got["net"].Version != "2.0.0" || got["app"].Source != "./app" {
		t.Errorf("calls = %+v", calls)
	}
	if got["net"].VersionRange.Filename != dir+"/override.tf" {
		t.Errorf("the overridden version should point into override.tf: %v", got["net"].VersionRange)
	}
	want := map[string]string{
		"main.tf:7:1":         "Missing required argument",
		"main.tf:9:1":         "Duplicate module call",
		"app_override.tf:1:1": "Missing module call to override",
	}
	errs := errorLines(diags)
	if len(errs) != len(want) {
		t.Errorf("errors %v, want %v", errs, want)
	}
	for at, summary := range want {
		if errs[at] != summary {
			t.Errorf("at %s: %q, want %q (all: %v)", at, errs[at], summary, errs)
		}
	}
}
