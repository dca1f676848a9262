package kit

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/trueup/trueup/schema"
)

// Plan is the default planning rule:
//
//   - an unchanged object (proposed equals prior) plans exactly prior;
//   - Optional+Computed attributes that config leaves null take r.Defaults;
//   - a create keeps computed results unknown (ProposedNew made them so);
//   - an update requires replacement when a ForceNew attribute changes
//     (schema.ForceNewChanges), and then every computed attribute that
//     configuration does not set is planned unknown.
func Plan(r *Resource, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	b := r.Schema.Block
	prior := req.PriorState
	planned := FillDefaults(req.ProposedNewState, req.Config, r.Defaults)
	if prior.IsNull() {
		return schema.PlanResourceResponse{PlannedState: planned}
	}
	if ctyobject.Equal(planned, prior) {
		return schema.PlanResourceResponse{PlannedState: prior}
	}
	replace := schema.ForceNewChanges(b, prior, planned)
	if len(replace) > 0 {
		planned = UnknownComputed(b, planned, req.Config, r.Defaults)
	}
	return schema.PlanResourceResponse{PlannedState: planned, RequiresReplace: replace}
}

// FillDefaults returns planned with each attribute named in defaults set to
// its default where config leaves it null.
func FillDefaults(planned, config cty.Value, defaults map[string]cty.Value) cty.Value {
	return SetAll(planned, DefaultsToFill(planned, config, defaults))
}

// DefaultsToFill returns the attributes FillDefaults sets, nil when none:
// for a caller that sets others too, in one copy of the object.
func DefaultsToFill(planned, config cty.Value, defaults map[string]cty.Value) map[string]cty.Value {
	if len(defaults) == 0 || config.IsNull() || !config.IsKnown() {
		return nil
	}
	// Only the defaults planned does not hold yet are set: an unchanged
	// object (most of a plan) already has them, and is returned as it is.
	comparable := planned.IsKnown() && !planned.IsNull()
	var set map[string]cty.Value
	for name, def := range defaults {
		if !config.GetAttr(name).IsNull() || (comparable && planned.GetAttr(name).RawEquals(def)) {
			continue
		}
		if set == nil {
			set = make(map[string]cty.Value, len(defaults)+1)
		}
		set[name] = def
	}
	return set
}

// UnknownComputed returns planned with every computed attribute that config
// leaves null (and that has no default) set to unknown: the values a
// replacement object will only get at apply.
func UnknownComputed(b *schema.Block, planned, config cty.Value, defaults map[string]cty.Value) cty.Value {
	set := map[string]cty.Value{}
	for name, a := range b.Attributes {
		if !a.Computed {
			continue
		}
		if _, ok := defaults[name]; ok {
			continue
		}
		if config.IsNull() || !config.IsKnown() || config.GetAttr(name).IsNull() {
			set[name] = cty.UnknownVal(a.Type)
		}
	}
	return SetAll(planned, set)
}
