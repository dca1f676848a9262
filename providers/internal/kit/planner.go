package kit

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/trueup/trueup/schema"
)

// Planner is the planning rule of resource types whose objects live on a
// platform (aws, google), where a replacement must plan like a create:
//
//   - planned = proposed with Defaults filled, then Adjust (provider-wide
//     values such as tags or the project, computed values the plan can
//     already tell);
//   - an unchanged object (planned equals prior) plans exactly prior;
//   - when Replace finds paths forcing replacement, the object is planned
//     again from configuration alone (prior null), so that nothing of the
//     old object is carried over.
//
// Plan (the default rule) suits objects that live only in state instead.
type Planner struct {
	// Block is the resource type's schema block.
	Block *schema.Block
	// Defaults are the values of Optional+Computed attributes that the
	// configuration leaves null.
	Defaults map[string]cty.Value
	// Adjust changes the planned value; prior is null for a create. Nil
	// keeps it.
	Adjust func(prior, planned, config cty.Value) (cty.Value, schema.Diagnostics)
	// Replace returns the paths whose change forces replacement. Nil means
	// schema.ForceNewChanges.
	Replace func(prior, planned cty.Value) []cty.Path
}

// Plan plans a create or an update by the rule above.
func (pl *Planner) Plan(req schema.PlanResourceRequest) schema.PlanResourceResponse {
	prior := req.PriorState
	planned, diags := pl.adjust(prior, req.ProposedNewState, req.Config)
	if diags.HasErrors() {
		return schema.PlanResourceResponse{PlannedState: req.ProposedNewState, Diagnostics: diags}
	}
	if prior.IsNull() {
		return schema.PlanResourceResponse{PlannedState: planned, Diagnostics: diags}
	}
	if ctyobject.Equal(planned, prior) {
		return schema.PlanResourceResponse{PlannedState: prior, Diagnostics: diags}
	}
	var replace []cty.Path
	if pl.Replace != nil {
		replace = pl.Replace(prior, planned)
	} else {
		replace = schema.ForceNewChanges(pl.Block, prior, planned)
	}
	if len(replace) == 0 {
		return schema.PlanResourceResponse{PlannedState: planned, Diagnostics: diags}
	}
	fresh := schema.ProposedNew(pl.Block, pl.Block.Null(), req.Config)
	planned, diags = pl.adjust(pl.Block.Null(), fresh, req.Config)
	return schema.PlanResourceResponse{PlannedState: planned, RequiresReplace: replace, Diagnostics: diags}
}

func (pl *Planner) adjust(prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	planned = FillDefaults(planned, config, pl.Defaults)
	if pl.Adjust == nil {
		return planned, nil
	}
	return pl.Adjust(prior, planned, config)
}
