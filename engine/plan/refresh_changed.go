package plan

import (
	"context"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
)

// -refresh=changed reads only what a change touches. A full refresh reads
// every object in state before the walk; under -refresh=changed the walk
// plans each object against its stored value first, and reads it from
// its provider, then plans it again against what exists, only when
//
//   - its plan is not a no-op (its configuration changed, or it is
//     tainted or replaced), or
//   - a resource it depends on (directly or through locals, outputs and
//     modules) was read or changes,
//
// and every object it deletes as an orphan is read first. The resources so
// read are "touched", so their dependents are read in turn: the walk runs
// in dependency order, so a resource's dependencies are settled before it
// is planned. Drift in objects the change does not touch is not looked
// for: the scheduled drift check, which refreshes everything, finds it.
// Terraform has no such mode; it is -refresh=false for the untouched part
// of the stack and a full refresh for the rest.

// refreshesChanged reports whether this plan reads objects lazily.
func (p *planner) refreshesChanged() bool {
	return p.opts.RefreshChanged && !p.opts.SkipRefresh && p.opts.Mode == plans.NormalMode
}

// refreshFirst reads obj before it is planned when a resource it depends
// on was touched.
func (p *planner) refreshFirst(ctx context.Context, obj *priorObject, deps []string) hcl.Diagnostics {
	if obj == nil || obj.read || !p.refreshesChanged() || !p.anyTouched(deps) {
		return nil
	}
	return p.refreshLate(ctx, obj)
}

// refreshLate reads obj from its provider during the walk and records its
// drift.
func (p *planner) refreshLate(ctx context.Context, obj *priorObject) hcl.Diagnostics {
	diags := p.refreshObject(ctx, obj)
	if d := obj.drift(); d != nil {
		p.mu.Lock()
		p.prior.drift = append(p.prior.drift, d)
		p.mu.Unlock()
	}
	return diags
}

// touch records that resource key (a configuration address,
// "module.net.aws_vpc.main") was read or changes, so that what depends on
// it is read too.
func (p *planner) touch(key string) {
	p.mu.Lock()
	if p.touched == nil {
		p.touched = map[string]bool{}
	}
	p.touched[key] = true
	p.mu.Unlock()
}

// anyTouched reports whether any of deps was touched.
func (p *planner) anyTouched(deps []string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range deps {
		if p.touched[d] {
			return true
		}
	}
	return false
}

// touchIfChanged touches resource key when changed is true and the plan
// reads lazily.
func (p *planner) touchIfChanged(key string, changed bool) {
	if changed && p.refreshesChanged() {
		p.touch(key)
	}
}

// planOrphan plans the deletion of an object configuration no longer
// declares; under -refresh=changed it reads the object first, as a full
// refresh would have, so that an object already gone is not deleted
// again.
func (p *planner) planOrphan(ctx context.Context, obj *priorObject, res *config.Resource, reason string) hcl.Diagnostics {
	if p.refreshesChanged() && !obj.read {
		if ds := p.refreshLate(ctx, obj); ds.HasErrors() {
			return ds
		}
	}
	return p.planDelete(obj, res, reason)
}
