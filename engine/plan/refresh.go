package plan

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// priorObject is one managed object from state, refreshed.
type priorObject struct {
	addr        addrs.ResourceInstance
	providerKey string
	inst        *state.Instance
	schema      *schema.Resource
	// stored is the value recorded in state; value is the refreshed one
	// (null when the object is gone). Both carry sensitive marks.
	stored, value cty.Value
	// private is the provider's private data, refreshed.
	private []byte
}

// priorObjects holds every managed object in state, refreshed.
type priorObjects struct {
	objects map[addrs.ResourceInstance]*priorObject
	byRes   map[addrs.Resource][]*priorObject
	drift   []*plans.ResourceChange
}

// refresh decodes every managed object in state and, unless refresh is
// off, reads it through its provider, all in parallel.
func (p *planner) refresh(ctx context.Context, stored *state.State) (*priorObjects, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	po := &priorObjects{objects: map[addrs.ResourceInstance]*priorObject{}, byRes: map[addrs.Resource][]*priorObject{}}
	var list []*priorObject
	for _, r := range stored.Resources {
		if r.Mode != state.ManagedMode {
			continue
		}
		addr := eval.ResourceAddr(r)
		key := eval.ProviderKeyFromStateIn(p.opts.Config, r.Provider)
		rs, err := p.opts.Providers.ResourceSchema(ctx, key, addr)
		if err != nil || rs == nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Unknown resource type in state",
				Detail: fmt.Sprintf("State holds %s, but provider %q has no resource type %q.", addr, key, r.Type),
			})
			continue
		}
		for _, inst := range r.Instances {
			if inst.Deposed != "" {
				continue // deposed objects are planned for deletion separately
			}
			ri := addr.Instance(eval.InstanceKey(inst.IndexKey))
			v, err := eval.UpgradeInstance(ctx, p.opts.Providers.Get(key), r.Type, rs, inst)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid object in state", Detail: fmt.Sprintf("%s: %v", ri, err)})
				continue
			}
			obj := &priorObject{addr: ri, providerKey: key, inst: inst, schema: rs, stored: v, value: v, private: inst.Private}
			po.objects[ri] = obj
			po.byRes[addr] = append(po.byRes[addr], obj)
			list = append(list, obj)
		}
	}
	if diags.HasErrors() || p.opts.SkipRefresh {
		return po, diags
	}

	sem := make(chan struct{}, p.opts.Parallelism)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, obj := range list {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(obj *priorObject) {
			defer func() { <-sem; wg.Done() }()
			ds := p.refreshObject(ctx, obj)
			if len(ds) > 0 {
				mu.Lock()
				diags = append(diags, ds...)
				mu.Unlock()
			}
		}(obj)
	}
	wg.Wait()
	for _, obj := range list {
		if !driftEqual(obj.stored, obj.value) {
			action := plans.Update
			if obj.value.IsNull() {
				action = plans.Delete
			}
			po.drift = append(po.drift, &plans.ResourceChange{
				Addr: obj.addr, ProviderKey: obj.providerKey, Action: action,
				Before: obj.stored, After: obj.value, SchemaVersion: obj.schema.Version,
			})
		}
	}
	sort.Slice(po.drift, func(i, j int) bool { return addrs.CompareResourceInstances(po.drift[i].Addr, po.drift[j].Addr) < 0 })
	return po, diags
}

func (p *planner) refreshObject(ctx context.Context, obj *priorObject) hcl.Diagnostics {
	addr := obj.addr.String()
	p.opts.Hook.PreRefresh(addr)
	prov := p.opts.Providers.Get(obj.providerKey)
	unmarked, _ := obj.stored.UnmarkDeep()
	resp := prov.ReadResource(ctx, schema.ReadResourceRequest{TypeName: obj.addr.Resource.Type, PriorState: unmarked, Private: obj.private})
	var diags hcl.Diagnostics
	for _, d := range resp.Diagnostics {
		diags = append(diags, eval.ProviderDiag(d, nil, addr))
	}
	if resp.Diagnostics.HasErrors() {
		p.opts.Hook.PostRefresh(addr, false, resp.Diagnostics.Err())
		return diags
	}
	v := resp.NewState
	if v == cty.NilVal {
		v = cty.NullVal(obj.schema.Block.ImpliedType())
	}
	if !v.IsNull() {
		v = eval.MarkPaths(eval.MarkSchemaSensitive(obj.schema.Block, v), obj.inst.SensitiveAttributes)
	}
	obj.value, obj.private = v, resp.Private
	p.opts.Hook.PostRefresh(addr, !driftEqual(obj.stored, v), nil)
	return diags
}

func driftEqual(a, b cty.Value) bool {
	ua, _ := a.UnmarkDeep()
	ub, _ := b.UnmarkDeep()
	if ua.IsNull() || ub.IsNull() {
		return ua.IsNull() == ub.IsNull()
	}
	return ua.RawEquals(ub)
}

// refreshedState returns a copy of stored with every managed object's
// attributes replaced by its refreshed value, and objects that are gone
// removed. Lineage and serial stay those of stored.
func (po *priorObjects) refreshedState(stored *state.State) *state.State {
	s := stored.DeepCopy()
	for _, r := range s.Resources {
		if r.Mode != state.ManagedMode {
			continue
		}
		addr := eval.ResourceAddr(r)
		kept := r.Instances[:0]
		for _, inst := range r.Instances {
			obj := po.objects[addr.Instance(eval.InstanceKey(inst.IndexKey))]
			if inst.Deposed != "" || obj == nil {
				kept = append(kept, inst)
				continue
			}
			if obj.value.IsNull() {
				continue
			}
			if !driftEqual(obj.stored, obj.value) {
				_ = eval.EncodeInstance(inst, obj.value, obj.schema.Block.ImpliedType())
				inst.SchemaVersion, inst.AttributesFlat = obj.schema.Version, nil
			}
			inst.Private = obj.private
			kept = append(kept, inst)
		}
		r.Instances = kept
	}
	return s
}
