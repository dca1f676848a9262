package plan

import (
	"context"
	"maps"
	"slices"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
)

// relevantAttributes returns the resource attributes the plan's changes
// depend on (eval.RelevantAttributes), for a normal plan that walked the
// configuration: the changes with an action, the root outputs that
// change, and every output of every child module instance whose value is
// not null, which Terraform always plans as created.
func (p *planner) relevantAttributes(ctx context.Context, changes []*plans.ResourceChange, outputs []*plans.OutputChange) []plans.ResourceAttr {
	if p.opts.Mode != plans.NormalMode || p.graph == nil {
		return nil
	}
	var changed []addrs.ResourceInstance
	for _, rc := range changes {
		if rc.Action != plans.NoOp && rc.Deposed == "" {
			changed = append(changed, rc.Addr)
		}
	}
	var outs []eval.OutputRef
	for _, oc := range outputs {
		if oc.Action != plans.NoOp {
			outs = append(outs, eval.OutputRef{Module: addrs.RootModuleInstance, Name: oc.Name})
		}
	}
	for _, c := range p.opts.Config.All() {
		if c.Call == nil {
			continue
		}
		for _, mi := range p.ev.ModuleInstances(c.Path) {
			for _, name := range slices.Sorted(maps.Keys(c.Module.Outputs)) {
				if v, ok := p.ev.Output(mi, name); ok && v.IsNull() {
					continue
				}
				outs = append(outs, eval.OutputRef{Module: mi, Name: name})
			}
		}
	}
	attrs := eval.RelevantAttributes(ctx, p.opts.Config, p.opts.Providers, changed, outs)
	out := make([]plans.ResourceAttr, len(attrs))
	for i, a := range attrs {
		out[i] = plans.ResourceAttr{Resource: a.Resource, Attr: a.Attr}
	}
	return out
}
