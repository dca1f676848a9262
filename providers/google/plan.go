package google

import (
	"context"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// planner plans one resource type: kit.Planner's rule (defaults, exactly
// prior for a no-op, a replacement planned like a create) plus what
// Google resources share — the provider's project as default, the label
// trio, ForceNew attributes whose change of spelling is not a change, and
// computed values the plan can already know.
type planner struct {
	p        *Provider
	block    *schema.Block
	defaults map[string]cty.Value
	// project fills the project attribute from the provider's project.
	project bool
	// labels plans terraform_labels and effective_labels.
	labels bool
	// equivalent lists ForceNew string attributes whose old and new
	// values may differ in spelling only (location case, full resource
	// paths): such a change updates state in place, it replaces nothing.
	equivalent map[string]func(a, b string) bool
	// known sets computed attributes the plan can tell (ids, URLs,
	// checksums of known content). It must leave unknown what it cannot.
	known func(planned cty.Value) cty.Value
	// replaceIf returns further paths forcing replacement (content that
	// changed behind an unchanged attribute).
	replaceIf func(prior, planned cty.Value) []cty.Path
}

func (pl *planner) plan(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	rule := kit.Planner{Block: pl.block, Defaults: pl.defaults, Adjust: pl.adjust, Replace: pl.replacePaths}
	return rule.Plan(req)
}

func (pl *planner) adjust(prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	if pl.project && config.GetAttr("project").IsNull() {
		c, diags := pl.p.client()
		if diags.HasErrors() {
			return planned, diags
		}
		if c.project == "" {
			return planned, schema.Errorf(attrPath("project"), "No project",
				"Set project on this resource, in the provider block, or in GOOGLE_PROJECT.")
		}
		planned = kit.Set(planned, "project", cty.StringVal(c.project))
	}
	if pl.labels {
		planned = planLabels(prior, planned)
	}
	if pl.known != nil {
		planned = pl.known(planned)
	}
	return planned, nil
}

func (pl *planner) replacePaths(prior, planned cty.Value) []cty.Path {
	var out []cty.Path
	for _, path := range schema.ForceNewChanges(pl.block, prior, planned) {
		if name, ok := topAttr(path); ok && pl.equivalent[name] != nil {
			pv, nv := prior.GetAttr(name), planned.GetAttr(name)
			if kit.Usable(pv) && kit.Usable(nv) && pl.equivalent[name](pv.AsString(), nv.AsString()) {
				continue
			}
		}
		out = append(out, path)
	}
	if pl.replaceIf != nil {
		out = append(out, pl.replaceIf(prior, planned)...)
	}
	return out
}

// topAttr is the attribute name of a one-step path.
func topAttr(p cty.Path) (string, bool) {
	if len(p) != 1 {
		return "", false
	}
	s, ok := p[0].(cty.GetAttrStep)
	return s.Name, ok
}

// setIfUnknown sets the named attribute when planned leaves it unknown.
func setIfUnknown(planned cty.Value, name string, v cty.Value) cty.Value {
	if planned.GetAttr(name).IsKnown() {
		return planned
	}
	return kit.Set(planned, name, v)
}
