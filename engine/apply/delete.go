package apply

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/graph"
	"github.com/trueup/trueup/engine/interrupt"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// walkDeletes deletes the objects of the changes selected by want, each
// after every selected object that depends on it.
func (x *executor) walkDeletes(ctx context.Context, want func(*plans.ResourceChange) bool) hcl.Diagnostics {
	nodes := map[string]*plans.ResourceChange{}
	byRes := map[string][]string{} // by static address, as Dependencies name them
	g := graph.New[string]()
	for _, rc := range x.opts.Plan.Changes {
		if !want(rc) {
			continue
		}
		key := rc.Addr.String()
		if rc.Deposed != "" {
			key += " (deposed " + rc.Deposed + ")"
		}
		nodes[key] = rc
		static := eval.StaticResource(rc.Addr.Resource)
		byRes[static.String()] = append(byRes[static.String()], key)
		g.Add(key)
	}
	if len(nodes) == 0 {
		return nil
	}
	// An object is deleted after the objects that depend on it.
	for key, rc := range nodes {
		for _, dep := range rc.Dependencies {
			for _, depKey := range byRes[dep] {
				if depKey != key {
					g.Connect(depKey, key)
				}
			}
		}
	}
	var diags hcl.Diagnostics
	var mu sync.Mutex
	res := g.Walk(ctx, x.opts.Parallelism, func(ctx context.Context, key string) error {
		ds := x.deleteInstance(ctx, nodes[key])
		if len(ds) > 0 {
			mu.Lock()
			diags = append(diags, ds...)
			mu.Unlock()
		}
		if ds.HasErrors() {
			return fmt.Errorf("delete failed")
		}
		return nil
	})
	for key, err := range res.Skipped {
		rc := nodes[key]
		x.markFailed(rc.Addr)
		x.opts.Log.Debug("delete skipped", "address", key, "reason", err)
	}
	if err := res.Err(); err != nil && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Delete failed", Detail: err.Error()})
	}
	return diags
}

// deleteInstance deletes one object and removes it from state.
func (x *executor) deleteInstance(ctx context.Context, rc *plans.ResourceChange) hcl.Diagnostics {
	deposed := rc.Deposed
	if rc.Action == plans.CreateThenDelete {
		x.mu.Lock()
		deposed = x.deposed[rc.Addr]
		x.mu.Unlock()
		if deposed == "" || x.hasFailed(rc.Addr) {
			// The replacement was not created: keep the old object.
			return nil
		}
	}
	addr := rc.Addr.String()
	if deposed != "" {
		addr += " (deposed object " + deposed + ")"
	}
	// Committed before it is announced: "Destroying..." always ends in
	// "Destruction complete" or an error, whatever interrupt comes.
	callCtx, cancelCall := interrupt.Calls(ctx)
	defer cancelCall()
	if interrupt.Abandoned(ctx) {
		return nil // interrupted before its call: the walk has moved on
	}
	start := time.Now()
	action := plans.Delete
	ident := objectIdent(rc.Before, true)
	x.opts.Hook.PreApply(addr, action, ident)
	stop := x.progress(addr, action, ident, start)
	defer stop()

	prior, diags := x.priorForDelete(ctx, rc, deposed)
	if diags.HasErrors() {
		x.markFailed(rc.Addr)
		x.opts.Hook.PostApply(addr, action, time.Since(start), "", diags)
		return diags
	}
	if deposed == "" && !x.isTainted(rc) {
		// Destroy-time provisioners of a resource still in configuration;
		// as in Terraform, a tainted object gets none.
		res := x.resourceConfig(rc.Addr.Resource)
		if pd := x.provision(ctx, res, rc.Addr, rc.Before, cty.DynamicVal, config.ProvisionAtDestroy); len(pd) > 0 {
			diags = append(diags, pd...)
			if pd.HasErrors() {
				x.markFailed(rc.Addr)
				x.opts.Hook.PostApply(addr, action, time.Since(start), "", diags)
				return diags
			}
		}
	}
	prov := x.opts.Providers.Get(rc.ProviderKey)
	resp := prov.ApplyResource(callCtx, schema.ApplyResourceRequest{
		TypeName: rc.Addr.Resource.Type, PriorState: prior, PlannedState: cty.NullVal(prior.Type()), Config: cty.NullVal(prior.Type()),
		PlannedPrivate: rc.PriorPrivate,
	})
	var ds hcl.Diagnostics
	for _, d := range resp.Diagnostics {
		ds = append(ds, eval.ProviderDiag(d, nil, addr))
	}
	diags = append(diags, eval.RedactSecrets(ds, rc.Before)...)
	if resp.Diagnostics.HasErrors() {
		x.markFailed(rc.Addr)
		x.opts.Hook.PostApply(addr, action, time.Since(start), "", diags)
		return diags
	}
	r := rc.Addr.Resource
	x.persist.update(func(s *state.State) {
		s.RemoveInstance(r, rc.Addr.Key, deposed)
	})
	if rc.Action == plans.Delete && rc.Deposed == "" {
		x.ev.SetInstance(rc.Addr, cty.NilVal)
	}
	x.count(plans.Delete)
	x.releaseDeleted(rc)
	x.opts.Hook.PostApply(addr, action, time.Since(start), "", nil)
	return diags
}

// priorForDelete returns the unmarked value of the object to delete: the
// plan's Before, or for a deposed object, its value in state.
func (x *executor) priorForDelete(ctx context.Context, rc *plans.ResourceChange, deposed string) (cty.Value, hcl.Diagnostics) {
	if deposed == "" {
		v, _ := rc.Before.UnmarkDeep()
		return v, nil
	}
	rs, err := x.opts.Providers.ResourceSchema(ctx, rc.ProviderKey, rc.Addr.Resource)
	if err != nil || rs == nil {
		return cty.NilVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown resource type", Detail: fmt.Sprintf("%s: %v", rc.Addr, err)}}
	}
	var inst *state.Instance
	if r := x.persist.snapshot().FindResource(rc.Addr.Resource); r != nil {
		inst = r.Instance(rc.Addr.Key, deposed)
	}
	if inst == nil {
		return cty.NilVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Object not in state", Detail: fmt.Sprintf("%s: the object to delete is not recorded in state", rc.Addr)}}
	}
	v, err := x.ev.UpgradeInstance(ctx, x.opts.Providers.Get(rc.ProviderKey), rc.Addr.Resource.Type, rs, inst)
	if err != nil {
		return cty.NilVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid object in state", Detail: fmt.Sprintf("%s: %v", rc.Addr, err)}}
	}
	v, _ = v.UnmarkDeep()
	return v, nil
}

// resourceConfig returns the block of an absolute resource address, or
// nil when its module or the block is gone from configuration.
func (x *executor) resourceConfig(addr addrs.Resource) *config.Resource {
	c := x.opts.Config.Descendant(addr.Module.Module())
	if c == nil {
		return nil
	}
	return c.Module.ResourceByAddr(addr.Local())
}

// isTainted reports whether the current object rc deletes is tainted in
// the state the plan was made against.
func (x *executor) isTainted(rc *plans.ResourceChange) bool {
	r := x.opts.Plan.PriorState.FindResource(rc.Addr.Resource)
	if r == nil {
		return false
	}
	inst := r.Instance(rc.Addr.Key, "")
	return inst != nil && inst.Status == state.Tainted
}
