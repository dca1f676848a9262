package google

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func TestLifecycleRoundTrip(t *testing.T) {
	rule := func(action, condition map[string]cty.Value) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{
			"action":    cty.ListVal([]cty.Value{providertest.Config(&lifecycleRuleBlock.BlockTypes["action"].Block, action)}),
			"condition": cty.ListVal([]cty.Value{providertest.Config(&lifecycleRuleBlock.BlockTypes["condition"].Block, condition)}),
		})
	}
	tests := []struct {
		name string
		rule cty.Value
	}{
		{name: "age and state survive", rule: rule(map[string]cty.Value{"type": s("Delete")},
			map[string]cty.Value{"age": cty.NumberIntVal(3), "with_state": s("LIVE")})},
		{name: "an age of 0 survives with send_age_if_zero", rule: rule(map[string]cty.Value{"type": s("Delete")},
			map[string]cty.Value{"age": cty.NumberIntVal(0), "send_age_if_zero": cty.True, "with_state": s("ANY")})},
		{name: "dates, lists and counts survive", rule: rule(
			map[string]cty.Value{"type": s("SetStorageClass"), "storage_class": s("ARCHIVE")},
			map[string]cty.Value{"created_before": s("2024-01-31"), "noncurrent_time_before": s("2024-02-01"),
				"custom_time_before": s("2024-03-01"), "days_since_custom_time": cty.NumberIntVal(4),
				"days_since_noncurrent_time": cty.NumberIntVal(5), "num_newer_versions": cty.NumberIntVal(2),
				"matches_storage_class": cty.ListVal([]cty.Value{s("STANDARD")}), "matches_suffix": cty.ListVal([]cty.Value{s(".log")}),
				"with_state": s("ARCHIVED")})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := providertest.Config(bucketBlock, map[string]cty.Value{"lifecycle_rule": cty.ListVal([]cty.Value{tt.rule})})
			lc, diags := expandLifecycle(v)
			if diags.HasErrors() {
				t.Fatalf("expand: %s", diags.Err())
			}
			if got := flattenLifecycle(v, lc); !got.RawEquals(v.GetAttr("lifecycle_rule")) {
				t.Errorf("round trip gave %#v\nwant %#v", got, v.GetAttr("lifecycle_rule"))
			}
		})
	}
}

func TestLifecycleValidation(t *testing.T) {
	cond := func(vals map[string]cty.Value) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{
			"action":    cty.ListVal([]cty.Value{providertest.Config(&lifecycleRuleBlock.BlockTypes["action"].Block, map[string]cty.Value{"type": s("Delete")})}),
			"condition": cty.ListVal([]cty.Value{providertest.Config(&lifecycleRuleBlock.BlockTypes["condition"].Block, vals)}),
		})
	}
	tests := []struct {
		name string
		cond map[string]cty.Value
	}{
		{name: "a date not in YYYY-MM-DD form is refused", cond: map[string]cty.Value{"created_before": s("31/01/2024")}},
		{name: "an unknown with_state is refused", cond: map[string]cty.Value{"with_state": s("SOMETIMES")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := providertest.Config(bucketBlock, map[string]cty.Value{"lifecycle_rule": cty.ListVal([]cty.Value{cond(tt.cond)})})
			diags := validateBucket(v)
			want := cty.GetAttrPath("lifecycle_rule").IndexInt(0).GetAttr("condition")
			if !diags.HasErrors() || !diags[0].Attribute.Equals(want) {
				t.Fatalf("diagnostics %v, want an error at lifecycle_rule[0].condition", diags)
			}
		})
	}
}
