package plan

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/graph"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// planOrphans plans the deletion of objects that no resource node
// planned — their resource block is gone from configuration, or the
// module instance holding them is — and of deposed objects, and the
// removal of outputs no longer declared.
func (p *planner) planOrphans(ctx context.Context, stored *state.State) hcl.Diagnostics {
	var diags hcl.Diagnostics
	mod := p.opts.Config.Module
	for addr, objs := range p.prior.byRes {
		p.mu.Lock()
		done := p.handled[addr]
		p.mu.Unlock()
		if done {
			continue
		}
		reason := fmt.Sprintf("%s is not in configuration", addr)
		if p.resourceConfig(addr) != nil {
			reason = fmt.Sprintf("%s is not in configuration", addr.Module)
		}
		if r := p.removedBlock(addr); r != nil && !r.Destroy && p.opts.Mode == plans.NormalMode {
			for _, obj := range objs {
				p.planForget(obj)
			}
			continue
		}
		for _, obj := range objs {
			diags = append(diags, p.planOrphan(ctx, obj, nil, reason)...)
		}
	}
	p.planDeposed(stored)
	if p.opts.Mode == plans.NormalMode {
		for name, out := range stored.Outputs {
			if _, ok := mod.Outputs[name]; !ok {
				p.mu.Lock()
				p.outputs = append(p.outputs, &plans.OutputChange{Name: name, Action: plans.Delete, Before: out.Value, After: cty.NullVal(cty.DynamicPseudoType), Sensitive: out.Sensitive})
				p.mu.Unlock()
			}
		}
	}
	return diags
}

// planDeposed plans the deletion of objects left deposed by a
// create_before_destroy replace whose delete failed; a refresh-only plan
// deletes nothing and leaves them.
func (p *planner) planDeposed(stored *state.State) {
	if p.opts.Mode == plans.RefreshOnlyMode {
		return
	}
	for _, r := range stored.Resources {
		for _, inst := range r.Instances {
			if inst.Deposed == "" {
				continue
			}
			addr := r.InstanceAddr(inst)
			p.addChange(&plans.ResourceChange{
				Addr: addr, Deposed: inst.Deposed, ProviderKey: eval.ProviderKeyFromStateIn(p.opts.Config, r.Provider), Action: plans.Delete,
				Reason: "deposed object left by a create_before_destroy replace",
				Before: cty.DynamicVal, After: cty.NullVal(cty.DynamicPseudoType),
			})
		}
	}
}

// planDestroy plans the deletion of every object in state.
func (p *planner) planDestroy(stored *state.State) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if len(p.opts.Targets) > 0 {
		p.targetDependents()
	}
	for _, obj := range p.prior.objects {
		diags = append(diags, p.planDelete(obj, p.resourceConfig(obj.addr.Resource), "destroy requested")...)
	}
	p.planDeposed(stored)
	for name, out := range stored.Outputs {
		p.outputs = append(p.outputs, &plans.OutputChange{Name: name, Action: plans.Delete, Before: out.Value, After: cty.NullVal(cty.DynamicPseudoType), Sensitive: out.Sensitive})
	}
	return diags
}

// targetDependents selects, for a targeted destroy, every object that
// depends on a targeted one, transitively, by the dependencies recorded in
// state: as in Terraform, destroying an object destroys what needs it.
func (p *planner) targetDependents() {
	gone := map[addrs.Resource]bool{}
	for ri := range p.prior.objects {
		if p.targeted(ri) {
			gone[eval.StaticResource(ri.Resource)] = true
		}
	}
	p.dependents = map[addrs.ResourceInstance]bool{}
	for changed := true; changed; {
		changed = false
		for ri, obj := range p.prior.objects {
			if p.targeted(ri) {
				continue
			}
			for _, d := range stateDepsOf(obj) {
				if gone[d] {
					p.dependents[ri], gone[eval.StaticResource(ri.Resource)], changed = true, true, true
					break
				}
			}
		}
	}
}

// planUntargeted records no-op changes for objects of resources that -target
// left out of the walk, so that apply keeps them as they are.
func (p *planner) planUntargeted(walked *graph.Graph[string]) {
	if len(p.opts.Targets) == 0 && len(p.opts.Excludes) == 0 {
		return
	}
	for addr, objs := range p.prior.byRes {
		if walked.Has(eval.ResourceKey(addr)) || p.resourceConfig(addr) == nil {
			continue
		}
		for _, obj := range objs {
			p.addChange(&plans.ResourceChange{
				Addr: obj.addr, ProviderKey: obj.providerKey, Action: plans.NoOp,
				Before: obj.value, After: obj.value, SchemaVersion: obj.schema.Version, Dependencies: stateDeps(obj),
			})
		}
	}
}

// resourceConfig returns the block of an absolute resource address, or
// nil when its module or the block is gone from configuration.
func (p *planner) resourceConfig(addr addrs.Resource) *config.Resource {
	c := p.opts.Config.Descendant(addr.Module.Module())
	if c == nil {
		return nil
	}
	return c.Module.ResourceByAddr(addr.Local())
}
