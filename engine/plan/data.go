package plan

import (
	"context"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// planData reads a data source now when its configuration is known and
// nothing it depends on has changes pending; otherwise the read is planned
// for apply and its value is unknown until then.
func (p *planner) planData(ctx context.Context, n *eval.Node) hcl.Diagnostics {
	res := n.Resource
	provKey, diags := eval.ResourceProviderKey(n.Config, res)
	if diags.HasErrors() {
		return diags
	}
	rs, _ := p.opts.Providers.ResourceSchema(ctx, provKey, res.Addr())
	ic := instanceConfig{res: res, schema: rs, providerKey: provKey,
		deps: p.graph.ResourceDependencies(n.Config.Path.Prefix() + res.Addr().String())}
	for _, mi := range p.ev.ModuleInstances(n.Module()) {
		diags = append(diags, p.planDataIn(ctx, ic, mi)...)
	}
	return diags
}

// planDataIn plans the reads of a data block's instances in module
// instance mi.
func (p *planner) planDataIn(ctx context.Context, ic instanceConfig, mi addrs.ModuleInstance) hcl.Diagnostics {
	res, rs := ic.res, ic.schema
	addr := res.Addr().InModule(mi)
	block := rs.Block
	exp, diags := p.ev.Expand(mi, res)
	if diags.HasErrors() {
		return diags
	}
	if !exp.Known {
		return append(diags, unknownExpansion(res))
	}
	p.ev.SetExpansion(addr, exp.Each, true)
	deps := ic.deps
	// As in Terraform 0.14 and later, a read waits for apply when its
	// configuration holds unknown values, or when a managed resource it
	// refers to or names in depends_on has changes pending.
	deferred := p.hasPending(p.dependsOnResources(res, mi)) || p.hasPending(eval.ReferencedManagedResources(res, block, mi))
	prov := p.opts.Providers.Get(ic.providerKey)
	for _, key := range exp.Keys {
		ri := addr.Instance(key)
		ds := p.preconditions(res, ri, exp.EachValues[key])
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		cfg, ds := p.ev.InstanceScope(mi, key, exp.EachValues[key]).EvalBlock(res.Config, block)
		diags = append(diags, ds...)
		if ds.HasErrors() {
			continue
		}
		cfgUnmarked, cfgMarks := lang.UnmarkDeepWithPaths(cfg)
		if ds, _ := eval.EphemeralArguments(res, ri.String(), block, cfgMarks); ds.HasErrors() {
			diags = append(diags, ds...)
			continue
		}
		rc := &plans.ResourceChange{
			Addr: ri, ProviderKey: ic.providerKey, Dependencies: deps, SchemaVersion: rs.Version,
			Before: cty.NullVal(p.ev.ImpliedType(block)),
		}
		vresp := prov.ValidateResource(ctx, schema.ValidateResourceRequest{TypeName: addr.Type, DataSource: true, Config: cfgUnmarked})
		if ds := p.ev.ProviderDiags(vresp.Diagnostics, res, ri, cfg); len(ds) > 0 {
			if diags = append(diags, ds...); ds.HasErrors() {
				continue
			}
		}
		if deferred || !cfgUnmarked.IsWhollyKnown() {
			rc.Action = plans.Read
			rc.Reason = "configuration depends on values not yet known"
			if deferred {
				rc.Reason = plans.ReasonDependencyPending
			}
			rc.After = p.ev.OfImpliedType(block, schema.ProposedNew(block, cty.NullVal(p.ev.ImpliedType(block)), cfgUnmarked).MarkWithPaths(cfgMarks))
		} else {
			if p.prior.stopped() {
				return diags // the refresh failed: no further read starts
			}
			// Beside a refresh, the read takes one of its -parallelism slots.
			release := p.prior.call()
			resp := prov.ReadData(ctx, schema.ReadDataRequest{TypeName: addr.Type, Config: cfgUnmarked})
			release()
			ds := p.ev.ProviderDiags(resp.Diagnostics, res, ri, cfg)
			diags = append(diags, ds...)
			if res.Container != nil {
				p.ev.SetCheckDataResult(mi, res.Container, ds)
			}
			switch {
			case ds.HasErrors() && res.Container != nil:
				// As in Terraform, a check's data source that cannot be
				// read now is read again at apply, to verify the check.
				rc.Action, rc.Reason = plans.Read, plans.ReasonCheckNested
				rc.After = p.ev.OfImpliedType(block, schema.ProposedNew(block, cty.NullVal(p.ev.ImpliedType(block)), cfgUnmarked).MarkWithPaths(cfgMarks))
			case ds.HasErrors():
				continue
			default:
				rc.Action = plans.NoOp
				rc.After = p.ev.OfImpliedType(block, eval.MarkDerivedFrom(eval.MarkSchemaSensitive(block, resp.State).MarkWithPaths(cfgMarks), cfgUnmarked, cfgMarks))
			}
		}
		if ds := p.postconditions(res, ri, exp.EachValues[key], rc.After); len(ds) > 0 {
			if diags = append(diags, ds...); ds.HasErrors() {
				continue
			}
		}
		p.ev.SetInstance(ri, rc.After)
		p.addChange(rc)
	}
	return diags
}

// dependsOnResources returns the resources a block in module instance mi
// names in depends_on, and those of the module calls it names.
func (p *planner) dependsOnResources(res *config.Resource, mi addrs.ModuleInstance) []addrs.Resource {
	var out []addrs.Resource
	for _, tr := range res.DependsOn {
		ref, diags := addrs.ParseRef(tr)
		if diags.HasErrors() || ref == nil {
			continue
		}
		switch s := ref.Subject.(type) {
		case addrs.Resource:
			out = append(out, s.InModule(mi))
		case addrs.ResourceInstance:
			out = append(out, s.Resource.InModule(mi))
		case addrs.ModuleCall:
			out = append(out, p.moduleResources(mi, s.Name)...)
		}
	}
	return out
}

// moduleResources returns the resources with changes recorded so far in
// the instances of module call name of mi, and their descendants.
func (p *planner) moduleResources(mi addrs.ModuleInstance, name string) []addrs.Resource {
	call := addrs.ModuleInstance(mi.Child(name, addrs.NoKey))
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []addrs.Resource
	for r := range p.pending {
		if call.Contains(r.Module) {
			out = append(out, r)
		}
	}
	return out
}
