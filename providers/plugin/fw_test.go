package plugin_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

func TestFrameworkSchemaConvertsBlocksNestedAttributesAndFunctions(t *testing.T) {
	p, _ := start(t, "fw")
	ctx := context.Background()
	s := p.GetSchema(ctx).Schema
	thing := s.Resources["fw_thing"]
	if thing.Version != 1 {
		t.Errorf("fw_thing version = %d, want 1", thing.Version)
	}
	b := thing.Block
	if !b.Attributes["secret"].Sensitive || !b.Attributes["id"].Computed || !b.Attributes["name"].Required {
		t.Errorf("attribute flags lost: %+v %+v %+v", b.Attributes["secret"], b.Attributes["id"], b.Attributes["name"])
	}
	wantEndpoint := cty.Object(map[string]cty.Type{"host": cty.String, "port": cty.Number})
	if got := b.Attributes["endpoint"].Type; !got.Equals(wantEndpoint) {
		t.Errorf("nested attribute endpoint type = %#v, want %#v", got, wantEndpoint)
	}
	if b.BlockTypes["rule"].Nesting != schema.NestingList || b.BlockTypes["member"].Nesting != schema.NestingSet {
		t.Errorf("block nesting: rule %s, member %s", b.BlockTypes["rule"].Nesting, b.BlockTypes["member"].Nesting)
	}
	if s.DataSources["fw_echo"] == nil || s.Provider.Attributes["dir"] == nil {
		t.Errorf("data source or provider schema missing: %+v", s)
	}
	fns := p.GetFunctions(ctx).Functions
	if f := fns["upper"]; f == nil || !f.Return.Equals(cty.String) || len(f.Parameters) != 1 {
		t.Fatalf("functions = %+v, want upper(string) string", fns)
	}
}

func TestFrameworkThingLifecycleKeepsPrivateData(t *testing.T) {
	p, dir := start(t, "fw")
	ctx := context.Background()
	vals := map[string]cty.Value{
		"name":     cty.StringVal("alpha"),
		"secret":   cty.StringVal("hunter2"),
		"endpoint": cty.ObjectVal(map[string]cty.Value{"host": cty.StringVal("h"), "port": cty.NullVal(cty.Number)}),
		"rule":     cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"port": cty.NumberIntVal(80), "proto": cty.StringVal("tcp")})}),
		"member":   cty.SetVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("m1")})}),
	}
	v, priv, diags := create(t, p, "fw_thing", vals)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	id := v.GetAttr("id").AsString()
	if got := v.GetAttr("size"); !got.RawEquals(cty.NumberIntVal(5)) {
		t.Errorf("computed size = %#v, want 5", got)
	}
	if !strings.Contains(string(priv), `"token"`) {
		t.Errorf("private = %q, want the provider's token", priv)
	}
	if _, err := os.Stat(filepath.Join(dir, "fw_thing", id+".json")); err != nil {
		t.Fatalf("object not stored: %v", err)
	}

	read := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "fw_thing", PriorState: v, Private: priv})
	if read.Diagnostics.HasErrors() {
		t.Fatal(read.Diagnostics.Err())
	}
	if !read.NewState.RawEquals(v) {
		t.Errorf("read = %#v, want %#v", read.NewState, v)
	}
	lost := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "fw_thing", PriorState: v})
	if !lost.Diagnostics.HasErrors() || !strings.Contains(lost.Diagnostics.Err().Error(), "Private state lost") {
		t.Errorf("read without private data: %v, want the provider's private-state error", lost.Diagnostics.Err())
	}

	imp := p.ImportResource(ctx, schema.ImportResourceRequest{TypeName: "fw_thing", ID: id})
	if imp.Diagnostics.HasErrors() || len(imp.Imported) != 1 {
		t.Fatalf("import: %v %+v", imp.Diagnostics.Err(), imp.Imported)
	}
	ir := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "fw_thing", PriorState: imp.Imported[0].State, Private: imp.Imported[0].Private})
	if ir.Diagnostics.HasErrors() || !ir.NewState.RawEquals(v) {
		t.Errorf("import then read = %#v (%v), want %#v", ir.NewState, ir.Diagnostics.Err(), v)
	}
}

func TestFrameworkUpgradesVersion0State(t *testing.T) {
	p, dir := start(t, "fw")
	rec, _ := json.Marshal(map[string]any{"name": "old", "size": 3, "created": "c"})
	if err := os.MkdirAll(filepath.Join(dir, "fw_thing"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fw_thing", "abc.json"), rec, 0o644); err != nil {
		t.Fatal(err)
	}
	resp := p.UpgradeResourceState(context.Background(), schema.UpgradeResourceStateRequest{
		TypeName: "fw_thing", Version: 0, RawJSON: []byte(`{"id":"abc","label":"old","size":3}`),
	})
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	v := resp.UpgradedState
	if v.GetAttr("name").AsString() != "old" || v.GetAttr("id").AsString() != "abc" {
		t.Errorf("upgraded = %#v, want name old (from label) and id abc", v)
	}
}

func TestFrameworkDataSourceAndFunction(t *testing.T) {
	p, _ := start(t, "fw")
	ctx := context.Background()
	block := p.GetSchema(ctx).Schema.DataSources["fw_echo"].Block
	cfg := cty.ObjectVal(map[string]cty.Value{"input": cty.StringVal("hi"), "output": cty.NullVal(cty.String), "secret": cty.NullVal(cty.String)})
	_ = block
	resp := p.ReadData(ctx, schema.ReadDataRequest{TypeName: "fw_echo", Config: cfg})
	if resp.Diagnostics.HasErrors() || resp.State.GetAttr("output").AsString() != "HI" {
		t.Fatalf("fw_echo = %#v (%v), want output HI", resp.State, resp.Diagnostics.Err())
	}
	call := p.CallFunction(ctx, schema.CallFunctionRequest{Name: "upper", Arguments: []cty.Value{cty.StringVal("abc")}})
	if call.Err != nil || call.Result.AsString() != "ABC" {
		t.Fatalf("upper(abc) = %#v, %v", call.Result, call.Err)
	}
	bad := p.CallFunction(ctx, schema.CallFunctionRequest{Name: "upper", Arguments: []cty.Value{cty.StringVal("fail")}})
	if bad.Err == nil || bad.Argument != 0 || !strings.Contains(bad.Err.Error(), "refuses") {
		t.Errorf("upper(fail) = err %v at argument %d, want the provider's error at argument 0", bad.Err, bad.Argument)
	}
}

func TestFrameworkCrashNamesProviderAndQuotesItsOutput(t *testing.T) {
	p, _ := start(t, "fw")
	_, _, diags := create(t, p, "fw_crash", map[string]cty.Value{"crash": cty.True})
	err := diags.Err()
	if err == nil {
		t.Fatal("apply of a crashing resource succeeded")
	}
	for _, want := range []string{"registry.terraform.io/trueup/fw v1.0.0", "ApplyResourceChange for fw_crash", "fw_crash: crashing as asked"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}
