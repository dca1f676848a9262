package plugin_test

import (
	"context"
	"strings"
	"testing"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

func TestSDKUpgradesFlatmapAndJSONState(t *testing.T) {
	p, _ := start(t, "sdk")
	ctx := context.Background()
	for name, req := range map[string]schema.UpgradeResourceStateRequest{
		"flatmap": {TypeName: "sdk_thing", Version: 0, RawFlatmap: map[string]string{"id": "x1", "label": "old", "size": "3"}},
		"json":    {TypeName: "sdk_thing", Version: 0, RawJSON: []byte(`{"id":"x1","label":"old","size":3}`)},
	} {
		t.Run(name, func(t *testing.T) {
			resp := p.UpgradeResourceState(ctx, req)
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			v := resp.UpgradedState
			if v.GetAttr("name").AsString() != "old" || !v.GetAttr("size").RawEquals(cty.NumberIntVal(3)) {
				t.Errorf("upgraded = %#v, want name old, size 3", v)
			}
		})
	}
}

func TestSDKThingSetBlockSensitiveAndImport(t *testing.T) {
	p, _ := start(t, "sdk")
	ctx := context.Background()
	block := resourceBlock(t, p, "sdk_thing")
	if !block.Attributes["secret"].Sensitive || block.BlockTypes["member"].Nesting != schema.NestingSet {
		t.Fatalf("schema lost sensitive or set nesting: %+v", block)
	}
	v, priv, diags := create(t, p, "sdk_thing", map[string]cty.Value{
		"name": cty.StringVal("abc"), "secret": cty.StringVal("pw"),
		"member": cty.SetVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("a")}), cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("b")})}),
	})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if v.GetAttr("member").LengthInt() != 2 || !v.GetAttr("size").RawEquals(cty.NumberIntVal(3)) {
		t.Errorf("applied = %#v", v)
	}
	imp := p.ImportResource(ctx, schema.ImportResourceRequest{TypeName: "sdk_thing", ID: v.GetAttr("id").AsString()})
	if imp.Diagnostics.HasErrors() || len(imp.Imported) != 1 {
		t.Fatalf("import: %v", imp.Diagnostics.Err())
	}
	read := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "sdk_thing", PriorState: imp.Imported[0].State, Private: imp.Imported[0].Private})
	if read.Diagnostics.HasErrors() || read.NewState.GetAttr("name").AsString() != "abc" || read.NewState.GetAttr("member").LengthInt() != 2 {
		t.Errorf("import then read = %#v (%v)", read.NewState, read.Diagnostics.Err())
	}
	_ = priv
}

func TestSDKPanicNamesProviderAndQuotesPanic(t *testing.T) {
	p, _ := start(t, "sdk")
	_, _, diags := create(t, p, "sdk_crash", map[string]cty.Value{"crash": cty.True})
	err := diags.Err()
	if err == nil {
		t.Fatal("apply of a panicking resource succeeded")
	}
	for _, want := range []string{"registry.terraform.io/trueup/sdk v1.0.0", "Plugin did not respond", "sdk_crash: crashing as asked"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}
