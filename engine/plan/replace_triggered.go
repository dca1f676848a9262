package plan

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/zclconf/go-cty/cty"
)

// replaceTriggered reports whether a planned change to one of the
// resources, instances or attributes that res's replace_triggered_by
// names replaces instance ri. The triggers are planned first: the graph
// makes res depend on them.
func (p *planner) replaceTriggered(res *config.Resource, ri addrs.ResourceInstance, each cty.Value) (bool, hcl.Diagnostics) {
	if res.Managed == nil {
		return false, nil
	}
	var diags hcl.Diagnostics
	for _, expr := range res.Managed.ReplaceTriggeredBy {
		trig, path, ds := p.triggerRef(expr, ri, each)
		diags = append(diags, ds...)
		if ds.HasErrors() {
			continue
		}
		if p.triggerChanged(trig, path) {
			return true, diags
		}
	}
	return false, diags
}

// trigger is what one replace_triggered_by entry names in a module
// instance: a resource (every instance) or one instance.
type trigger struct {
	res addrs.Resource
	key addrs.InstanceKey
	all bool
}

// triggerRef resolves an entry: a reference, or a reference indexed by
// count.index or each.key, optionally followed by attribute steps.
func (p *planner) triggerRef(expr hcl.Expression, ri addrs.ResourceInstance, each cty.Value) (trigger, cty.Path, hcl.Diagnostics) {
	var rest hcl.Traversal
	if rel, ok := expr.(*hclsyntax.RelativeTraversalExpr); ok {
		expr, rest = rel.Source, rel.Traversal
	}
	if idx, ok := expr.(*hclsyntax.IndexExpr); ok {
		t, _, diags := p.triggerRef(idx.Collection, ri, each)
		if diags.HasErrors() {
			return t, nil, diags
		}
		kv, ds := p.ev.InstanceScope(ri.Resource.Module, ri.Key, each).EvalExpr(idx.Key, cty.DynamicPseudoType)
		if ds.HasErrors() {
			return t, nil, ds
		}
		key, err := addrs.KeyFromValue(kv)
		if err != nil {
			return t, nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid replace_triggered_by expression",
				Detail: "Invalid resource instance key: " + err.Error() + ".", Subject: idx.Key.Range().Ptr()}}
		}
		t.key, t.all = key, false
		return t, traversalPath(rest), nil
	}
	tr, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() {
		return trigger{}, nil, diags
	}
	ref, diags := addrs.ParseRef(tr)
	if diags.HasErrors() {
		return trigger{}, nil, diags
	}
	mi := ri.Resource.Module
	path := traversalPath(append(ref.Remaining, rest...))
	switch s := ref.Subject.(type) {
	case addrs.ResourceInstance:
		return trigger{res: s.Resource.InModule(mi), key: s.Key}, path, nil
	case addrs.Resource:
		return trigger{res: s.InModule(mi), all: true}, path, nil
	}
	return trigger{}, nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid replace_triggered_by expression",
		Detail: "Missing resource reference in replace_triggered_by expression.", Subject: expr.Range().Ptr()}}
}

// traversalPath turns attribute and index steps into a cty.Path.
func traversalPath(tr hcl.Traversal) cty.Path {
	var path cty.Path
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			path = path.GetAttr(s.Name)
		case hcl.TraverseIndex:
			path = path.Index(s.Key)
		}
	}
	return path
}

// triggerChanged reports whether the trigger has a planned change: any
// action for a whole object, or a different (or unknown) value at path.
func (p *planner) triggerChanged(t trigger, path cty.Path) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, rc := range p.changes {
		if rc.Addr.Resource != t.res || rc.Deposed != "" || (!t.all && rc.Addr.Key != t.key) {
			continue
		}
		if changedAt(rc, path) {
			return true
		}
	}
	return false
}

func changedAt(rc *plans.ResourceChange, path cty.Path) bool {
	if rc.Action == plans.NoOp || rc.Action == plans.Read {
		return false
	}
	if len(path) == 0 {
		return true
	}
	before, _ := lang.UnmarkDeep(rc.Before)
	after, _ := lang.UnmarkDeep(rc.After)
	bv, errB := path.Apply(before)
	av, errA := path.Apply(after)
	if errA != nil || errB != nil {
		return (errA == nil) != (errB == nil)
	}
	if !av.IsWhollyKnown() {
		return true
	}
	eq := av.Equals(bv)
	return !eq.IsKnown() || eq.False()
}
