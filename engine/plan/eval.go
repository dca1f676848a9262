package plan

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/schema"
)

// Eval evaluates the configuration against the stored state without
// planning anything, as Terraform's eval walk does for `terraform
// console`: the variables as given, the locals, outputs and module calls
// as the configuration computes them, and each resource and data source
// instance as state records it (decoded, and upgraded to its provider's
// schema), or unknown when state has none. No provider is configured
// and nothing is read. The returned evaluator answers whatever the walk
// could compute, even with errors.
func Eval(ctx context.Context, opts Options) (*eval.Evaluator, hcl.Diagnostics) {
	opts = opts.withDefaults()
	opts.SkipRefresh = true
	stored := opts.State
	if stored == nil {
		stored = state.New()
	}
	p := &planner{opts: opts, ev: newEvaluator(opts), working: stored}
	diags := p.startRefresh(ctx, stored, false).wait() // decodes, reads nothing
	g, ds := eval.BuildGraph(ctx, opts.Config, opts.Providers)
	if diags = append(diags, ds...); ds.HasErrors() {
		return p.ev, diags
	}
	var mu sync.Mutex
	g.Walk(ctx, opts.Parallelism, func(ctx context.Context, key string) error {
		n := g.Nodes[key]
		if n == nil {
			return nil
		}
		var ds hcl.Diagnostics
		if n.Kind == eval.ResourceNode {
			ds = p.evalResource(ctx, n, stored)
		} else {
			ds = p.ev.EvalValueNode(n)
		}
		mu.Lock()
		diags = append(diags, ds...)
		mu.Unlock()
		return nil // what depends on a failed node evaluates with what it has
	})
	return p.ev, diags
}

// evalResource sets every instance of a resource or data source block, in
// every instance of its module, to its object in state, or to an unknown
// value where state has none.
func (p *planner) evalResource(ctx context.Context, n *eval.Node, stored *state.State) hcl.Diagnostics {
	res := n.Resource
	provKey, diags := eval.ResourceProviderKey(n.Config, res)
	if diags.HasErrors() {
		return diags
	}
	unknown := cty.DynamicVal
	rs, _ := p.opts.Providers.ResourceSchema(ctx, provKey, res.Addr())
	if rs != nil {
		unknown = cty.UnknownVal(p.ev.ImpliedType(rs.Block))
	}
	for _, mi := range p.ev.ModuleInstances(n.Module()) {
		addr := res.Addr().InModule(mi)
		exp, ds := p.ev.Expand(mi, res)
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		p.ev.SetExpansion(addr, exp.Each, exp.Known)
		if !exp.Known {
			continue // the whole resource is unknown
		}
		for _, key := range exp.Keys {
			ri := addr.Instance(key)
			v, ds := p.storedValue(ri, rs, stored)
			diags = append(diags, ds...)
			if v == cty.NilVal {
				v = unknown
			}
			p.ev.SetInstance(ri, v)
		}
	}
	return diags
}

// storedValue is ri's object in state, with its schema's sensitive
// attributes marked: a managed object as the refresh decoded it, a data
// source's decoded here; cty.NilVal when state has none.
func (p *planner) storedValue(ri addrs.ResourceInstance, rs *schema.Resource, stored *state.State) (cty.Value, hcl.Diagnostics) {
	if rs == nil {
		return cty.NilVal, nil
	}
	var v cty.Value
	if ri.Resource.Mode == addrs.ManagedResourceMode {
		obj := p.prior.objects[ri]
		if obj == nil {
			return cty.NilVal, nil
		}
		v = obj.value
	} else {
		r := stored.FindResource(ri.Resource)
		if r == nil {
			return cty.NilVal, nil
		}
		inst := r.Instance(ri.Key, "")
		if inst == nil {
			return cty.NilVal, nil
		}
		var err error
		if v, err = eval.DecodeInstance(inst, p.ev.ImpliedType(rs.Block)); err != nil {
			return cty.NilVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid object in state", Detail: fmt.Sprintf("%s: %v", ri, err)}}
		}
	}
	if v == cty.NilVal || v.IsNull() {
		return cty.NilVal, nil
	}
	return eval.MarkSchemaSensitive(rs.Block, v), nil
}
