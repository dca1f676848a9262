package main

// show, state show and providers schema -json on a stack whose objects
// come from plugins: rendered with the plugins' schemas (nested blocks as
// blocks, sensitive values masked, null attributes left out) exactly as
// Terraform renders them.

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// anyUUIDRE matches terraform_data's IDs anywhere in a text.
var anyUUIDRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// pluginShowResult is what the show test compares between the tools.
type pluginShowResult struct {
	Show       string
	StateShow  []string
	SchemaJSON map[string]any
}

// pluginShowRun applies the mixed stack with one tool and returns its
// renders, IDs normalised, and the schemas of the plugins (the built-in
// terraform provider's descriptions are trueup's own).
func pluginShowRun(t *testing.T, run func(s *stack, args ...string) result) pluginShowResult {
	s, _ := pluginMirrorStack(t, pluginE2EStack)
	run(s, "init", "-input=false", "-no-color")
	run(s, "apply", "-auto-approve", "-input=false", "-no-color")
	norm := func(out string) string {
		return anyUUIDRE.ReplaceAllString(hexIDRE.ReplaceAllString(out, "<id>"), "<uuid>")
	}
	res := pluginShowResult{Show: norm(run(s, "show", "-no-color").stdout)}
	for _, addr := range []string{"fw_thing.a", "sdk_thing.s", "data.fw_echo.e"} {
		res.StateShow = append(res.StateShow, norm(run(s, "state", "show", "-no-color", addr).stdout))
	}
	var doc struct {
		ProviderSchemas map[string]any `json:"provider_schemas"`
	}
	must(t, json.Unmarshal([]byte(run(s, "providers", "schema", "-json").stdout), &doc))
	res.SchemaJSON = map[string]any{}
	for addr, ps := range doc.ProviderSchemas {
		if strings.Contains(addr, "/trueup/") {
			res.SchemaJSON[addr] = ps
		}
	}
	if len(res.SchemaJSON) != 2 {
		t.Fatalf("providers schema -json lists %d plugins, want fw and sdk", len(res.SchemaJSON))
	}
	wantNoPluginProcesses(t, s)
	return res
}

// TestPluginShowRendersLikeTerraform compares trueup's show, state show
// and providers schema -json with Terraform's for the same stack and
// provider binaries; without terraform on PATH, with Terraform's renders
// recorded in testdata/plugin-compat/show.json (-update re-records them).
func TestPluginShowRendersLikeTerraform(t *testing.T) {
	t.Parallel()
	record := filepath.Join("testdata", "plugin-compat", "show.json")
	got := pluginShowRun(t, func(s *stack, args ...string) result { return s.must(0, args...) })
	for _, secret := range []string{"hunter2", "s3cr3t"} {
		if strings.Contains(got.Show+strings.Join(got.StateShow, ""), secret) {
			t.Errorf("show prints the sensitive value %q", secret)
		}
	}
	want := pluginRecorded(t, record, func(run func(s *stack, args ...string) result) pluginShowResult { return pluginShowRun(t, run) })
	if got.Show != want.Show {
		t.Errorf("show differs\n--- trueup\n%s\n--- terraform\n%s", got.Show, want.Show)
	}
	for i := range want.StateShow {
		if got.StateShow[i] != want.StateShow[i] {
			t.Errorf("state show differs\n--- trueup\n%q\n--- terraform\n%q", got.StateShow[i], want.StateShow[i])
		}
	}
	g, _ := json.MarshalIndent(got.SchemaJSON, "", "  ")
	w, _ := json.MarshalIndent(want.SchemaJSON, "", "  ")
	if string(g) != string(w) {
		t.Errorf("providers schema -json differs\n--- trueup\n%s\n--- terraform\n%s", g, w)
	}
}

// TestPluginGraphUsesThePluginsSchema draws the graph of a stack whose
// reference sits in a plugin resource's nested block: the edge is there,
// and the plugin that answered the schema is gone afterwards.
func TestPluginGraphUsesThePluginsSchema(t *testing.T) {
	t.Parallel()
	s, _ := pluginMirrorStack(t, `
terraform {
  required_providers {
    fw = { source = "trueup/fw" }
  }
}
resource "fw_null" "n" {}
resource "fw_thing" "x" {
  name = "a"
  rule {
    port  = 1
    proto = fw_null.n.id
  }
}
`)
	r := s.must(1, "graph")
	wantLines(t, r, "registry.terraform.io/trueup/fw", "trueup init")
	s.must(0, "init")
	r = s.must(0, "graph")
	wantLines(t, r, `"fw_thing.x" -> "fw_null.n"`)
	wantNoPluginProcesses(t, s)
}
