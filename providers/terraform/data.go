package terraform

import (
	"context"

	"github.com/google/uuid"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// dataResource is terraform_data: a value kept in state (input, mirrored to
// output at apply) and a replacement trigger, as in Terraform 1.4 and later.
func dataResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"input": {Type: cty.DynamicPseudoType, Optional: true,
				Description: "A value to store in the object; output follows it after apply."},
			"output": {Type: cty.DynamicPseudoType, Computed: true,
				Description: "The value of input after the last apply."},
			"triggers_replace": {Type: cty.DynamicPseudoType, Optional: true,
				Description: "A value whose change replaces the object."},
			"id": {Type: cty.String, Computed: true, Description: "A random UUID."},
		}}},
		Plan:   planData,
		Create: applyData,
		Update: func(ctx context.Context, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			return applyData(ctx, planned, config)
		},
		Import: importData,
	}
}

// planData is Terraform's planDataStoreResourceChange: a create or a change
// of triggers_replace (which replaces the object) makes id unknown; output is
// unknown whenever input is new or changed, and null with a null input.
func planData(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	proposed := req.ProposedNewState
	if proposed.IsNull() {
		return schema.PlanResourceResponse{PlannedState: proposed}
	}
	planned := proposed.AsValueMap()
	input := proposed.GetAttr("input")
	trigger := proposed.GetAttr("triggers_replace")
	var replace []cty.Path
	switch {
	case req.PriorState.IsNull():
		planned["id"] = cty.UnknownVal(cty.String)
		planned["output"] = outputFor(input)
	case !req.PriorState.GetAttr("triggers_replace").RawEquals(trigger):
		replace = append(replace, cty.GetAttrPath("triggers_replace"))
		planned["id"] = cty.UnknownVal(cty.String)
		planned["output"] = outputFor(input)
	case !req.PriorState.GetAttr("input").RawEquals(input):
		planned["output"] = cty.UnknownVal(input.Type())
	}
	return schema.PlanResourceResponse{PlannedState: cty.ObjectVal(planned), RequiresReplace: replace}
}

// outputFor is the planned output of a new object: null for a null input
// (of the input's type, as Terraform keeps it), else unknown.
func outputFor(input cty.Value) cty.Value {
	if input.IsNull() {
		return input
	}
	return cty.UnknownVal(input.Type())
}

// applyData sets output to input and makes an id where they are unknown.
func applyData(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	set := map[string]cty.Value{}
	if !planned.GetAttr("output").IsKnown() {
		set["output"] = planned.GetAttr("input")
	}
	if !planned.GetAttr("id").IsKnown() {
		u, err := uuid.NewRandom()
		if err != nil {
			return cty.NilVal, schema.FromErr(err, "Cannot generate id")
		}
		set["id"] = cty.StringVal(u.String())
	}
	return kit.SetAll(planned, set), nil
}

// importData adopts any id, with every other attribute null, as Terraform's
// importDataStore does.
func importData(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	if id == "" {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID", "The import ID of terraform_data must not be empty.")
	}
	return cty.ObjectVal(map[string]cty.Value{
		"id":               cty.StringVal(id),
		"input":            cty.NullVal(cty.DynamicPseudoType),
		"output":           cty.NullVal(cty.DynamicPseudoType),
		"triggers_replace": cty.NullVal(cty.DynamicPseudoType),
	}), nil
}
