package plugin_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/null"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// The conformance suite the built-in providers pass, run against plugins:
// one case (providertest.TriggersCase) against the built-in null provider
// and both plugins, and each plugin's richer resource type.

func TestConformanceOneCaseForBuiltinAndPlugins(t *testing.T) {
	fw, _ := start(t, "fw")
	sdk, _ := start(t, "sdk")
	for name, p := range map[string]schema.Provider{
		"built-in null_resource": providertest.Configure(t, null.New(), nil),
		"plugin fw_null":         fw,
		"plugin sdk_null":        sdk,
	} {
		t.Run(name, func(t *testing.T) {
			typ := strings.TrimPrefix(strings.TrimPrefix(name, "built-in "), "plugin ")
			providertest.Run(t, p, []providertest.Case{providertest.TriggersCase(t, p, typ)})
		})
	}
}

func TestConformanceFrameworkPlugin(t *testing.T) {
	p, dir := start(t, "fw")
	cfg := func(name string, size int64, port int64) cty.Value {
		return providertest.ResourceConfig(t, p, "fw_thing", map[string]cty.Value{
			"name": cty.StringVal(name), "size": cty.NumberIntVal(size), "secret": cty.StringVal("hunter2"),
			"tags":     cty.MapVal(map[string]cty.Value{"team": cty.StringVal("core")}),
			"endpoint": cty.ObjectVal(map[string]cty.Value{"host": cty.StringVal("db"), "port": cty.NullVal(cty.Number)}),
			"rule":     cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"port": cty.NumberIntVal(port), "proto": cty.StringVal("tcp")})}),
			"member":   cty.SetVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("m1")})}),
		})
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "fw_thing: nested blocks, a nested attribute, sensitive, private data", Type: "fw_thing",
		Steps: []providertest.Step{
			{Config: cfg("a", 1, 80)},
			{Config: cfg("a", 2, 443)},
			{Config: cfg("b", 2, 443), Replace: true},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			if err := os.Remove(filepath.Join(dir, "fw_thing", kit.String(s, "id")+".json")); err != nil {
				t.Fatal(err)
			}
		},
		ImportID: func(s cty.Value) string { return kit.String(s, "id") },
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
