package eval

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
)

func TestStateProviderRoundTrips(t *testing.T) {
	for key, want := range map[string]string{
		"aws":                   `provider["registry.terraform.io/hashicorp/aws"]`,
		"aws.west":              `provider["registry.terraform.io/hashicorp/aws"].west`,
		"module.net.null":       `module.net.provider["registry.terraform.io/hashicorp/null"]`,
		"module.net.aws.east":   `module.net.provider["registry.terraform.io/hashicorp/aws"].east`,
		"module.a.module.b.aws": `module.a.module.b.provider["registry.terraform.io/hashicorp/aws"]`,
	} {
		got := StateProvider(key)
		if got != want {
			t.Errorf("StateProvider(%q) = %s, want %s", key, got, want)
		}
		if back := ProviderKeyFromState(got); back != key {
			t.Errorf("ProviderKeyFromState(%s) = %q, want %q", got, back, key)
		}
	}
	if got := ProviderKeyFromState(`provider["hashicorp/aws"].west`); got != "aws.west" {
		t.Errorf("a source without host: %q", got)
	}
}

func TestInstanceValuesRoundTripWithSensitiveMarks(t *testing.T) {
	b := &schema.Block{Attributes: map[string]*schema.Attribute{
		"name":     {Type: cty.String, Required: true},
		"password": {Type: cty.String, Optional: true, Sensitive: true},
		"tags":     {Type: cty.Map(cty.String), Optional: true},
	}}
	v := cty.ObjectVal(map[string]cty.Value{
		"name":     cty.StringVal("a"),
		"password": cty.StringVal("hunter2"),
		"tags":     cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v").Mark(lang.Sensitive)}),
	})
	marked := MarkSchemaSensitive(b, v)
	inst := &state.Instance{}
	if err := EncodeInstance(inst, marked, b.ImpliedType()); err != nil {
		t.Fatal(err)
	}
	if len(inst.SensitiveAttributes) != 2 {
		t.Errorf("sensitive paths %#v, want password and tags[\"k\"]", inst.SensitiveAttributes)
	}
	back, err := DecodeInstance(inst, b.ImpliedType())
	if err != nil {
		t.Fatal(err)
	}
	if !back.RawEquals(marked) {
		t.Errorf("decoded %#v\nwant %#v", back, marked)
	}
	if _, err := DecodeInstance(&state.Instance{Attributes: []byte(`{"name": 1`)}, b.ImpliedType()); err == nil {
		t.Error("truncated attributes decoded without error")
	}
}
