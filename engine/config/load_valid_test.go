package config

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

const everythingDir = "../../testdata/config-valid/everything"

func mustLoad(t *testing.T, dir string) *Module {
	t.Helper()
	mod, diags := Load(dir)
	if diags.HasErrors() {
		t.Fatalf("loading %s: %s", dir, diags.Error())
	}
	return mod
}

func TestLoadValidFixtureReadsOnlyConfigFiles(t *testing.T) {
	mod := mustLoad(t, everythingDir)
	var names []string
	for n := range mod.Sources {
		names = append(names, n)
	}
	sort.Strings(names)
	want := []string{"extra.tf.json", "main.tf", "outputs.tf", "variables.tf"}
	if len(names) != len(want) {
		t.Fatalf("sources = %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("sources = %v, want %v", names, want)
		}
		if _, ok := mod.Files[filepath.Join(everythingDir, want[i])]; !ok {
			t.Errorf("Files has no entry keyed %q", filepath.Join(everythingDir, want[i]))
		}
	}
}

func TestLoadValidFixtureTerraformBlock(t *testing.T) {
	mod := mustLoad(t, everythingDir)
	if len(mod.RequiredVersion) != 1 || mod.RequiredVersion[0] != ">= 1.5.0" {
		t.Errorf("RequiredVersion = %v", mod.RequiredVersion)
	}
	if len(mod.RequiredVersionRanges) != 1 || mod.RequiredVersionRanges[0].Start.Line != 2 {
		t.Errorf("RequiredVersionRanges = %v", mod.RequiredVersionRanges)
	}
	tests := []struct{ name, source, version string }{
		{"aws", "hashicorp/aws", "~> 5.0"},
		{"null", "registry.terraform.io/hashicorp/null", ""},
		{"random", "", "~> 3.0"},
	}
	for _, tt := range tests {
		rp := mod.RequiredProviders[tt.name]
		if rp == nil || rp.Name != tt.name || rp.Source != tt.source || rp.Version != tt.version {
			t.Errorf("RequiredProviders[%q] = %+v, want source %q version %q", tt.name, rp, tt.source, tt.version)
		}
	}
	if mod.Backend == nil || mod.Backend.Type != "s3" {
		t.Fatalf("Backend = %+v", mod.Backend)
	}
	attrs, diags := mod.Backend.Config.JustAttributes()
	if diags.HasErrors() || len(attrs) != 3 {
		t.Errorf("backend config attributes = %v, %s", attrs, diags)
	}
}

func TestLoadValidFixtureProviders(t *testing.T) {
	mod := mustLoad(t, everythingDir)
	if len(mod.ProviderConfigs) != 2 {
		t.Fatalf("ProviderConfigs = %v", mod.ProviderConfigs)
	}
	west := mod.ProviderConfigs["aws.west"]
	if west == nil || west.Name != "aws" || west.Alias != "west" {
		t.Fatalf("aws.west = %+v", west)
	}
	// alias is a meta-argument: it must not reach the provider's body.
	content, diags := west.Config.Content(&hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "region"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "endpoints"}},
	})
	if diags.HasErrors() {
		t.Fatalf("provider body holds more than region and endpoints: %s", diags.Error())
	}
	if len(content.Blocks) != 1 {
		t.Errorf("endpoints block missing")
	}
}

func TestLoadValidFixtureVariables(t *testing.T) {
	mod := mustLoad(t, everythingDir)
	tests := []struct {
		name      string
		ty        cty.Type
		def       cty.Value
		sensitive bool
		nullable  bool
		mode      VariableParsingMode
		rules     int
	}{
		{"region", cty.String, cty.StringVal("us-east-1"), false, true, ParseLiteral, 0},
		{"project", cty.String, cty.NilVal, false, true, ParseLiteral, 1},
		{"bucket_names", cty.List(cty.String), cty.ListVal([]cty.Value{cty.StringVal("logs"), cty.StringVal("data")}), false, true, ParseHCL, 0},
		{"password", cty.String, cty.StringVal("hunter2"), true, false, ParseLiteral, 0},
		{"anything", cty.DynamicPseudoType, cty.NilVal, false, true, ParseLiteral, 0},
		{"from_json", cty.Map(cty.String), cty.MapVal(map[string]cty.Value{"a": cty.StringVal("b")}), false, true, ParseHCL, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := mod.Variables[tt.name]
			if v == nil {
				t.Fatalf("variable %q missing", tt.name)
			}
			if !v.Type.Equals(tt.ty) {
				t.Errorf("type = %#v, want %#v", v.Type, tt.ty)
			}
			if tt.def == cty.NilVal {
				if !v.Required() {
					t.Errorf("default = %#v, want none", v.Default)
				}
			} else if !v.Default.RawEquals(tt.def) {
				t.Errorf("default = %#v, want %#v", v.Default, tt.def)
			}
			if v.Sensitive != tt.sensitive || v.Nullable != tt.nullable || v.ParsingMode != tt.mode || len(v.Validations) != tt.rules {
				t.Errorf("got sensitive=%v nullable=%v mode=%v rules=%d", v.Sensitive, v.Nullable, v.ParsingMode, len(v.Validations))
			}
		})
	}
}

func TestLoadValidFixtureOptionalDefaultsApplyToDefault(t *testing.T) {
	mod := mustLoad(t, everythingDir)
	v := mod.Variables["rules"]
	if v.TypeDefaults == nil {
		t.Fatal("rules has no TypeDefaults")
	}
	got := v.Default.Index(cty.StringVal("tmp")).GetAttr("enabled")
	if !got.RawEquals(cty.True) {
		t.Errorf("rules.tmp.enabled = %#v, want the optional() default true", got)
	}
}

func TestLoadValidFixtureLocalsAndOutputs(t *testing.T) {
	mod := mustLoad(t, everythingDir)
	for _, name := range []string{"name_prefix", "bucket_names", "policy", "greeting", "json_local"} {
		if mod.Locals[name] == nil || mod.Locals[name].Expr == nil {
			t.Errorf("local %q missing", name)
		}
	}
	pw := mod.Outputs["password"]
	if pw == nil || !pw.Sensitive || len(pw.DependsOn) != 1 {
		t.Errorf("output password = %+v", pw)
	}
	if arns := mod.Outputs["bucket_arns"]; arns == nil || arns.Description != "Every bucket's ARN." {
		t.Errorf("output bucket_arns = %+v", arns)
	}
	if mod.Outputs["json_out"] == nil {
		t.Error("output from the JSON file missing")
	}
}
