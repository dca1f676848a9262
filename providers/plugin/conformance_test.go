package plugin_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/zclconf/go-cty/cty"
)

// The conformance suite the built-in providers pass, run against plugins.
// (Its driver carries no private data, so fw_thing, which insists on its
// private token, is covered by the engine tests instead.)

func TestConformanceFrameworkPlugin(t *testing.T) {
	p, _ := start(t, "fw")
	trig := func(v string) map[string]cty.Value {
		return map[string]cty.Value{"triggers": cty.MapVal(map[string]cty.Value{"v": cty.StringVal(v)})}
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "fw_null replaced when triggers change", Type: "fw_null", StateOnly: true,
		Steps: []providertest.Step{
			{Config: providertest.ResourceConfig(t, p, "fw_null", trig("1"))},
			{Config: providertest.ResourceConfig(t, p, "fw_null", trig("2")), Replace: true},
		},
	}})
}

func TestConformanceSDKPlugin(t *testing.T) {
	p, dir := start(t, "sdk")
	cfg := func(name string, size int64) cty.Value {
		return providertest.ResourceConfig(t, p, "sdk_thing", map[string]cty.Value{"name": cty.StringVal(name), "size": cty.NumberIntVal(size)})
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "sdk_thing", Type: "sdk_thing",
		Steps: []providertest.Step{
			{Config: cfg("a", 1)},
			{Config: cfg("a", 2)},
			{Config: cfg("b", 2), Replace: true},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			if err := os.Remove(filepath.Join(dir, "sdk_thing", kit.String(s, "id")+".json")); err != nil {
				t.Fatal(err)
			}
		},
		ImportID: func(s cty.Value) string { return kit.String(s, "id") },
	}})
}
