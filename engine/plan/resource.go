package plan

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// planResource plans every instance of a managed resource block in every
// instance of its module, and the deletion of the instances that the block
// no longer declares.
func (p *planner) planResource(ctx context.Context, n *eval.Node) hcl.Diagnostics {
	res := n.Resource
	provKey, diags := eval.ResourceProviderKey(n.Config, res)
	if diags.HasErrors() {
		return diags
	}
	rs, _ := p.opts.Providers.ResourceSchema(ctx, provKey, res.Addr())
	key := n.Config.Path.Prefix() + res.Addr().String()
	deps := p.graph.ResourceDependencies(key)
	var body *lang.PreparedBlock // shared by the instances of every module instance
	if rs != nil {
		// Prepared with the graph (releasesBeforeWalk), perhaps without
		// its parsed body; else prepared here.
		body = n.Prepared
		if body == nil || body.Schema() != rs.Block {
			body = p.prep.Prepare(res.Body(), rs.Block)
		}
		n.Prepared = nil
		if p.opts.CarryPrepared {
			n.Prepared = body
		}
	}
	for _, mi := range p.ev.ModuleInstances(n.Module()) {
		addr := res.Addr().InModule(mi)
		exp, ds := p.ev.Expand(mi, res)
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		if !exp.Known {
			diags = append(diags, unknownExpansion(res))
			continue
		}
		p.ev.SetExpansion(addr, exp.Each, true)
		inst := instanceConfig{res: res, schema: rs, providerKey: provKey, deps: deps, key: key, body: body}
		diags = append(diags, p.planInstances(ctx, inst, addr, exp)...)
		if ctx.Err() != nil {
			return diags // interrupted: the walk reports it
		}
		declared := make(map[addrs.InstanceKey]bool, len(exp.Keys))
		for _, key := range exp.Keys {
			declared[key] = true
		}
		for _, obj := range p.prior.byRes[addr] {
			if !declared[obj.addr.Key] && p.prior.await(obj) {
				diags = append(diags, p.planOrphan(ctx, obj, res, orphanReason(exp, obj.addr.Key))...)
				p.touchIfChanged(key, true)
			}
		}
	}
	return diags
}

// planInstances plans the instances of one resource, up to -parallelism
// at a time, and returns their diagnostics in the order of exp.Keys.
// Instances of one resource do not refer to each other, and what they
// share (the evaluator, the changes, the touched set) is locked, as it
// is for the resources the walk plans at once; planned one after the
// other, a resource of 10,000 instances kept one core busy while the
// other idled (a -refresh=changed plan of 10,000 aws_s3_objects). An
// interrupt stops it from starting more.
func (p *planner) planInstances(ctx context.Context, ic instanceConfig, addr addrs.Resource, exp eval.Expansion) hcl.Diagnostics {
	results := make([]hcl.Diagnostics, len(exp.Keys))
	// Up to -parallelism workers take the instances in order: a goroutine
	// of their own per instance grew its stack by copying, as deep as an
	// instance's evaluation goes, for every instance.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(exp.Keys), max(p.opts.Parallelism, 1)) {
		wg.Go(func() {
			for ctx.Err() == nil && !p.prior.stopped() {
				i := int(next.Add(1) - 1)
				if i >= len(exp.Keys) {
					return
				}
				key := exp.Keys[i]
				results[i] = p.planInstance(ctx, ic, addr.Instance(key), exp.EachValues[key])
			}
		})
	}
	wg.Wait()
	return slices.Concat(results...)
}

// instanceConfig is what every instance of one resource block shares.
type instanceConfig struct {
	res         *config.Resource
	schema      *schema.Resource
	providerKey string
	deps        []string
	// key is the block's configuration address ("module.net.aws_vpc.main").
	key string
	// body is the block's body prepared for evaluation.
	body *lang.PreparedBlock
}

func (p *planner) planInstance(ctx context.Context, ic instanceConfig, ri addrs.ResourceInstance, each cty.Value) hcl.Diagnostics {
	res, rs := ic.res, ic.schema
	block := rs.Block
	obj := p.prior.objects[ri]
	if obj != nil && !p.prior.await(obj) {
		return nil // not read: the refresh failed or was interrupted, and so is the plan
	}
	if ds := p.refreshFirst(ctx, obj, ic.deps); ds.HasErrors() {
		return ds
	}
	prior := cty.NullVal(p.ev.ImpliedType(block))
	var priorPrivate []byte
	if obj != nil {
		prior, priorPrivate = obj.value, obj.private
	}
	rc := &plans.ResourceChange{
		Addr: ri, ProviderKey: ic.providerKey, Dependencies: ic.deps,
		SchemaVersion: rs.Version, Before: prior,
		CreateBeforeDestroy: p.createBeforeDestroy(res, ri),
		PriorPrivate:        priorPrivate,
	}
	if p.opts.Mode == plans.RefreshOnlyMode || !p.targeted(ri) {
		rc.Action, rc.After = plans.NoOp, prior
		p.ev.SetInstance(ri, prior)
		if !prior.IsNull() {
			p.addChange(rc)
		}
		return nil
	}

	diags := p.preconditions(res, ri, each)
	if diags.HasErrors() {
		return diags
	}
	scope := p.ev.InstanceScope(ri.Resource.Module, ri.Key, each)
	cfg, cfgUnmarked, cfgMarks, ds := scope.EvalPreparedUnmarked(ic.body)
	diags = append(diags, ds...)
	ds, cfgMarks = eval.EphemeralArguments(res, ri.String(), block, cfgMarks)
	diags = append(diags, ds...)
	diags = append(diags, p.ev.ValidateProvisioners(scope, res, cty.UnknownVal(p.ev.ImpliedType(block)))...)
	if diags.HasErrors() {
		return diags
	}
	priorUnmarked, _ := lang.UnmarkDeep(prior)
	prov := p.opts.Providers.Get(ic.providerKey)

	vresp := prov.ValidateResource(ctx, schema.ValidateResourceRequest{TypeName: ri.Resource.Type, Config: cfgUnmarked})
	diags = append(diags, p.ev.ProviderDiags(vresp.Diagnostics, res, ri, cfg)...)
	if diags.HasErrors() {
		return diags
	}
	if res.Managed != nil && !priorUnmarked.IsNull() {
		cfgUnmarked = eval.IgnoreChanges(cfgUnmarked, priorUnmarked, res.Managed)
	}

	planned, replace, ds := p.providerPlan(ctx, prov, ic, ri, priorUnmarked, cfgUnmarked, priorPrivate, cfg, prior)
	diags = append(diags, ds...)
	if diags.HasErrors() {
		return diags
	}
	triggered, ds := p.replaceTriggered(res, ri, each)
	if diags = append(diags, ds...); diags.HasErrors() {
		return diags
	}
	switch {
	case priorUnmarked.IsNull():
		rc.Action = plans.Create
	case obj != nil && obj.inst != nil && obj.inst.Status == state.Tainted:
		// A failed create or creation-time provisioner left it tainted;
		// as in Terraform, that comes before -replace.
		rc.Action, rc.Reason = plans.DeleteThenCreate, plans.ReasonTainted
	case p.replaceRequested(ri):
		rc.Action, rc.Reason = plans.DeleteThenCreate, plans.ReasonReplaceRequested
	case triggered:
		rc.Action, rc.Reason, rc.RequiredReplace = plans.DeleteThenCreate, plans.ReasonReplaceByTriggers, replace
	case len(replace) > 0:
		// The "# forces replacement" attributes say why.
		rc.Action, rc.RequiredReplace = plans.DeleteThenCreate, replace
	case ctyobject.Equal(planned, priorUnmarked):
		rc.Action = plans.NoOp
	default:
		rc.Action = plans.Update
	}
	if rc.Action.IsReplace() {
		if rc.CreateBeforeDestroy {
			rc.Action = plans.CreateThenDelete
		}
		if rc.Action.Deletes() && preventDestroy(res) {
			return append(diags, preventDestroyDiag(res, ri))
		}
		// The new object is planned as a create.
		planned, _, ds = p.providerPlan(ctx, prov, ic, ri, cty.NullVal(p.ev.ImpliedType(block)), cfgUnmarked, nil, cfg)
		if diags = append(diags, ds...); diags.HasErrors() {
			return diags
		}
	}
	if rc.Action == plans.NoOp {
		rc.After = prior
	} else {
		rc.After = p.ev.OfImpliedType(block, eval.MarkDerivedFrom(eval.MarkSchemaSensitive(block, planned).MarkWithPaths(cfgMarks), cfgUnmarked, cfgMarks))
	}
	if diags = append(diags, p.postconditions(res, ri, each, rc.After)...); diags.HasErrors() {
		return diags
	}
	if p.refreshesChanged() && obj != nil && !obj.read && rc.Action != plans.NoOp {
		// The change touches it: read it, and plan it again against what
		// exists when that differs from what state recorded.
		ds := p.refreshLate(ctx, obj)
		if ds.HasErrors() {
			return append(diags, ds...)
		}
		if obj.drifted {
			return append(ds, p.planInstance(ctx, ic, ri, each)...)
		}
		diags = append(diags, ds...)
	}
	p.touchIfChanged(ic.key, rc.Action != plans.NoOp || (obj != nil && obj.read))
	p.ev.SetInstance(ri, rc.After)
	p.addChange(rc)
	return diags
}

// providerPlan asks the provider to plan an object, and adds the schema's
// force-new attributes to the paths that require replacement. sensitive
// are the marked values whose secrets its diagnostics must not quote.
func (p *planner) providerPlan(ctx context.Context, prov schema.Provider, ic instanceConfig, ri addrs.ResourceInstance, prior, cfg cty.Value, priorPrivate []byte, sensitive ...cty.Value) (cty.Value, []cty.Path, hcl.Diagnostics) {
	res, block := ic.res, ic.schema.Block
	resp := prov.PlanResource(ctx, schema.PlanResourceRequest{
		TypeName: ri.Resource.Type, PriorState: prior, Config: cfg, PriorPrivate: priorPrivate,
		ProposedNewState: schema.ProposedNew(block, prior, cfg),
	})
	diags := p.ev.ProviderDiags(resp.Diagnostics, res, ri, sensitive...)
	if resp.Diagnostics.HasErrors() {
		return cty.NilVal, nil, diags
	}
	planned := resp.PlannedState
	// Conformance, not equality: a DynamicPseudoType attribute (such as
	// terraform_data's input) holds a value of any type.
	if planned == cty.NilVal || len(planned.Type().TestConformance(p.ev.ImpliedType(block))) > 0 {
		return cty.NilVal, nil, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Provider produced an invalid plan",
			Detail:  fmt.Sprintf("The provider's plan for %s does not conform to its own schema. This is a bug in the provider.", ri),
			Subject: res.DeclRange.Ptr(),
		})
	}
	if ds := eval.WriteOnlyReturned("Provider produced invalid plan", "during planning", p.opts.Config, ic.providerKey, ri.String(), block, planned, res.DeclRange.Ptr()); len(ds) > 0 {
		return cty.NilVal, nil, append(diags, ds...)
	}
	replace := resp.RequiresReplace
	if !prior.IsNull() && len(replace) == 0 {
		replace = schema.ForceNewChanges(block, prior, planned)
	}
	return planned, replace, diags
}

// planDelete plans the deletion of an object that configuration no longer
// declares (res is nil when the whole block is gone).
func (p *planner) planDelete(obj *priorObject, res *config.Resource, reason string) hcl.Diagnostics {
	if obj.value.IsNull() {
		return nil // already gone: refresh removed it
	}
	// A refresh-only plan deletes nothing, as Terraform's: an object no
	// longer configured is kept as read, like one a -target leaves out.
	if p.opts.Mode == plans.RefreshOnlyMode || !p.deleteTargeted(obj.addr) {
		p.addChange(&plans.ResourceChange{Addr: obj.addr, ProviderKey: obj.providerKey, Action: plans.NoOp, Before: obj.value, After: obj.value, SchemaVersion: obj.schema.Version, Dependencies: stateDeps(obj)})
		return nil
	}
	if res != nil && preventDestroy(res) {
		return hcl.Diagnostics{preventDestroyDiag(res, obj.addr)}
	}
	p.addChange(&plans.ResourceChange{
		Addr: obj.addr, ProviderKey: obj.providerKey, Action: plans.Delete, Reason: reason,
		Before: obj.value, After: cty.NullVal(obj.value.Type()), SchemaVersion: obj.schema.Version,
		Dependencies: stateDeps(obj), PriorPrivate: obj.private,
	})
	return nil
}

// stateDepsOf yields the dependencies state records for an object that
// name static resources: each as state writes it, and its address.
func stateDepsOf(obj *priorObject) iter.Seq2[string, addrs.Resource] {
	return func(yield func(string, addrs.Resource) bool) {
		for _, d := range obj.inst.Dependencies {
			if t, diags := addrs.ParseTarget(d); !diags.HasErrors() && !t.IsModule() {
				if !yield(d, t.Resource()) {
					return
				}
			}
		}
	}
}

// stateDeps returns stateDepsOf as a change lists them
// (plans.ResourceChange.Dependencies).
func stateDeps(obj *priorObject) []string {
	var out []string
	for d, r := range stateDepsOf(obj) {
		if s := r.String(); s != d {
			d = s // written otherwise: as this plan would write it
		}
		out = append(out, d)
	}
	return out
}

func orphanReason(exp eval.Expansion, key addrs.InstanceKey) string {
	switch key.(type) {
	case addrs.IntKey:
		if exp.Each == eval.CountEach {
			return plans.ReasonCountIndex
		}
	case addrs.StringKey:
		if exp.Each == eval.ForEachEach {
			return plans.ReasonEachKey
		}
	}
	return plans.ReasonWrongRepetition
}

func preventDestroy(res *config.Resource) bool {
	return res != nil && res.Managed != nil && res.Managed.PreventDestroy
}

func preventDestroyDiag(res *config.Resource, ri addrs.ResourceInstance) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Instance cannot be destroyed",
		Detail: fmt.Sprintf("Resource %s has lifecycle.prevent_destroy set, but the plan calls for this object to be destroyed. "+
			"To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using -target.", ri),
		Subject: res.DeclRange.Ptr(),
	}
}

func unknownExpansion(res *config.Resource) *hcl.Diagnostic {
	arg, expr := "count", res.Count
	if expr == nil {
		arg, expr = "for_each", res.ForEach
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid " + arg + " argument",
		Detail: fmt.Sprintf("The %q value depends on resource attributes that cannot be determined until apply, so trueup cannot predict how many instances will be created. "+
			"Use -target to first apply only the resources it depends on.", arg),
		Subject: expr.Range().Ptr(),
	}
}
