package main

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/trueup/trueup/schema"
)

// An apply that follows its plan in one operation keeps the plan's
// plugin processes: each provider configuration starts one process,
// configured once, not one for the plan and another for the apply.
func TestPluginPlanAndApplyStartOneProcessPerProvider(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, pluginMixedStack)
	made := map[string]*atomic.Int32{}
	for _, typ := range []string{"fw", "sdk"} {
		n, factory := &atomic.Int32{}, s.env.Providers[typ]
		made[typ] = n
		s.env.Providers[typ] = func() schema.Provider { n.Add(1); return factory() }
	}
	if res := s.mustApply(); res.Counts.Add != 4 {
		t.Fatalf("apply added %d objects, want 4", res.Counts.Add)
	}
	for typ, n := range made {
		if got := n.Load(); got != 1 {
			t.Errorf("plan and apply made %d %s provider instances (plugin processes), want 1", got, typ)
		}
	}
	// A saved plan is applied by another operation: it starts its own.
	res := s.plan()
	if res.Diagnostics.HasErrors() {
		t.Fatal(diagText(res))
	}
	if ar := applySavedRun(s, res.Plan); ar.Diagnostics.HasErrors() {
		t.Fatal(diagText(ar))
	}
	if got := made["fw"].Load(); got != 3 {
		t.Errorf("after a plan and a saved plan's apply, %d fw instances in all, want 3", got)
	}
}

// Stored objects are upgraded in parallel; one the provider cannot
// upgrade still fails the plan, naming it, before anything is refreshed.
func TestPluginPlanReportsAnObjectItCannotUpgrade(t *testing.T) {
	t.Parallel()
	s := newPluginStack(t, `
resource "fw_null" "a" {
  count = 3
}
`)
	s.write("terraform.tfstate", `{"version": 4, "serial": 1, "lineage": "l-bad", "outputs": {}, "resources": [
  {"mode": "managed", "type": "fw_null", "name": "a", "provider": "provider[\"registry.terraform.io/trueup/fw\"]",
   "instances": [{"index_key": 0, "schema_version": 0, "attributes": {"id": "a0", "triggers": null}},
                 {"index_key": 1, "schema_version": 7, "attributes": {"id": "a1", "triggers": null}},
                 {"index_key": 2, "schema_version": 0, "attributes": {"id": "a2", "triggers": null}}]}
]}`)
	res := s.plan()
	if !res.Diagnostics.HasErrors() {
		t.Fatal("plan of a state holding an object of schema version 7 (the provider's is 0) succeeded")
	}
	var bad []string
	for _, d := range res.Diagnostics {
		if d.Summary == "Invalid object in state" {
			bad = append(bad, d.Detail)
		}
	}
	if len(bad) != 1 || !strings.HasPrefix(bad[0], "fw_null.a[1]: upgrading the object from schema version 7") {
		t.Errorf("diagnostics = %v, want one Invalid object in state for fw_null.a[1]", diagText(res))
	}
}
