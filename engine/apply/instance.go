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
	"github.com/trueup/trueup/engine/interrupt"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/workers"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// applyResource applies the creates, updates and reads of one resource
// block's instances in every instance of its module, in parallel within
// the global bound.
func (x *executor) applyResource(ctx context.Context, n *eval.Node) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, mi := range x.ev.ModuleInstances(n.Module()) {
		diags = append(diags, x.applyResourceIn(ctx, n.Resource, n.Prepared, mi)...)
	}
	return diags
}

// applyResourceIn applies the changes of one resource block in module
// instance mi. carried is the body the plan prepared, when it was made in
// this process (eval.Node.Prepared), nil otherwise.
func (x *executor) applyResourceIn(ctx context.Context, res *config.Resource, carried *lang.PreparedBlock, mi addrs.ModuleInstance) hcl.Diagnostics {
	addr := res.Addr().InModule(mi)
	var work []*plans.ResourceChange
	for _, rc := range x.changes.of(addr) {
		if rc.Deposed == "" && (rc.Action.Creates() || rc.Action == plans.Update || rc.Action == plans.Read) {
			work = append(work, rc)
		}
	}
	if len(work) == 0 {
		return nil
	}
	rs, _ := x.opts.Providers.ResourceSchema(ctx, work[0].ProviderKey, addr)
	exp, diags := x.ev.Expand(mi, res)
	if diags.HasErrors() {
		return diags
	}
	x.ev.SetExpansion(addr, exp.Each, true)
	// The body and its schema are the same for every instance: its
	// decoder specification and references are derived once, as the
	// plan does, not per instance (a tenth of an instance's CPU in a
	// latency-bound apply of 1,000 aws_s3_objects). A plan made in this
	// process carries the body it prepared: it is not prepared again,
	// and its parsed body may be gone (plan.Options.CarryPrepared).
	body := carried
	if body == nil || body.Schema() != rs.Block {
		body = x.prep.Prepare(res.Body(), rs.Block)
	}

	// The changes go in order to workers kept for the resource, each
	// holding a slot of the global bound while it applies one: a
	// goroutine of its own per instance grew its stack by copying, as deep
	// as an instance's evaluation and final plan go, every time; and a
	// worker goes on to the next change itself, where one goroutine
	// handing out the slots woke for every change and queued behind the
	// others for a core, on every cycle of a latency-bound apply.
	var mu sync.Mutex
	workers.Bounded(len(work), x.sem, func() bool { return ctx.Err() == nil }, func(i int) {
		rc := work[i]
		if ds := scoped(res, x.applyInstance(ctx, res, rs, body, rc, exp.EachValues[rc.Addr.Key])); len(ds) > 0 {
			mu.Lock()
			diags = append(diags, ds...)
			mu.Unlock()
		}
	})
	return diags
}

// applyInstance evaluates an instance's configuration (body, res.Config
// prepared for rs) with the values now known, asks the provider for its
// final plan, checks it against the saved one, and applies it.
func (x *executor) applyInstance(ctx context.Context, res *config.Resource, rs *schema.Resource, body *lang.PreparedBlock, rc *plans.ResourceChange, each cty.Value) hcl.Diagnostics {
	if x.hasFailed(rc.Addr) {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Replacement not created",
			Detail: fmt.Sprintf("%s was not created because deleting its previous object failed.", rc.Addr), Subject: res.DeclRange.Ptr()}}
	}
	defer x.releaseApplied(rc)
	block := rs.Block
	addr := rc.Addr.String()
	if rc.Importing != "" {
		// The object was read while planning: adopting it is recording it.
		x.opts.Hook.PreApplyImport(addr, rc.Importing)
		x.opts.Hook.PostApplyImport(addr, rc.Importing, nil)
	}
	// The preconditions and the configuration are evaluated before the
	// action is announced, as Terraform does: an error there is reported
	// without "Creating...", and a first interrupt may still abandon the
	// evaluation. Once announced, the action is committed (its call
	// finishes after a first interrupt), so "Creating..." always ends in
	// "Creation complete" or an error.
	diags := x.preconditions(res, rc, each)
	if diags.HasErrors() {
		return diags
	}
	cfg, cfgUnmarked, cfgMarks, ds := x.ev.InstanceScope(rc.Addr.Resource.Module, rc.Addr.Key, each).EvalPreparedUnmarked(body)
	if diags = append(diags, ds...); diags.HasErrors() {
		return diags
	}
	ds, cfgMarks = eval.EphemeralArguments(res, addr, block, cfgMarks)
	if diags = append(diags, ds...); diags.HasErrors() {
		return diags
	}
	prov := x.opts.Providers.Get(rc.ProviderKey)
	// In-flight calls finish after a first interrupt, not after a second.
	callCtx, cancelCall := interrupt.Calls(ctx)
	defer cancelCall()
	if interrupt.Abandoned(ctx) {
		return nil // interrupted before its call: the walk has moved on
	}
	start := time.Now()
	prevIdent := ""
	if rc.Action == plans.Update {
		prevIdent = objectIdent(rc.Before, true)
	}
	x.opts.Hook.PreApply(addr, rc.Action, prevIdent)
	stop := x.progress(addr, rc.Action, prevIdent, start)
	defer stop()

	if rc.Action == plans.Read {
		resp := prov.ReadData(callCtx, schema.ReadDataRequest{TypeName: rc.Addr.Resource.Type, Config: cfgUnmarked})
		ds := x.ev.ProviderDiags(resp.Diagnostics, res, rc.Addr, cfg)
		diags = append(diags, ds...)
		if res.Container != nil {
			x.ev.SetCheckDataResult(rc.Addr.Resource.Module, res.Container, ds)
		}
		if !resp.Diagnostics.HasErrors() {
			v := x.ev.OfImpliedType(block, eval.MarkDerivedFrom(eval.MarkSchemaSensitive(block, resp.State).MarkWithPaths(cfgMarks), cfgUnmarked, cfgMarks))
			x.ev.SetInstance(rc.Addr, v)
			x.record(rc, v, "", nil)
			x.count(plans.Read)
			diags = append(diags, x.postconditions(res, rc, each, v)...)
		}
		x.opts.Hook.PostApply(addr, rc.Action, time.Since(start), x.identOf(rc, diags), errOf(diags))
		return diags
	}

	prior := cty.NullVal(x.ev.ImpliedType(block))
	var priorPrivate []byte
	if rc.Action == plans.Update {
		priorPrivate = rc.PriorPrivate
		prior, _ = lang.UnmarkDeep(rc.Before)
		if res.Managed != nil {
			cfgUnmarked = eval.IgnoreChanges(cfgUnmarked, prior, res.Managed)
		}
	}
	if rc.Action == plans.CreateThenDelete {
		x.depose(rc)
	}
	presp := prov.PlanResource(callCtx, schema.PlanResourceRequest{
		TypeName: rc.Addr.Resource.Type, PriorState: prior, Config: cfgUnmarked,
		ProposedNewState: schema.ProposedNew(block, prior, cfgUnmarked), PriorPrivate: priorPrivate,
	})
	diags = append(diags, x.ev.ProviderDiags(presp.Diagnostics, res, rc.Addr, cfg, rc.Before, rc.After)...)
	if presp.Diagnostics.HasErrors() {
		x.opts.Hook.PostApply(addr, rc.Action, time.Since(start), x.identOf(rc, diags), errOf(diags))
		return diags
	}
	if ds := eval.WriteOnlyReturned("Provider produced invalid plan", "during planning", x.opts.Config, rc.ProviderKey, addr, block, presp.PlannedState, res.DeclRange.Ptr()); len(ds) > 0 {
		diags = append(diags, ds...)
		x.opts.Hook.PostApply(addr, rc.Action, time.Since(start), x.identOf(rc, diags), errOf(diags))
		return diags
	}
	if d := checkFinalPlan(rc, presp.PlannedState, res); d != nil {
		d.Detail = providerNamed(d.Detail, x.providerAddr(rc.ProviderKey))
		diags = append(diags, d)
		x.opts.Hook.PostApply(addr, rc.Action, time.Since(start), x.identOf(rc, diags), errOf(diags))
		return diags
	}

	aresp := prov.ApplyResource(callCtx, schema.ApplyResourceRequest{
		TypeName: rc.Addr.Resource.Type, PriorState: prior, PlannedState: presp.PlannedState, Config: cfgUnmarked,
		PlannedPrivate: presp.PlannedPrivate,
	})
	diags = append(diags, x.ev.ProviderDiags(aresp.Diagnostics, res, rc.Addr, cfg, rc.Before, rc.After)...)
	if !aresp.Diagnostics.HasErrors() && !aresp.LegacyTypeSystem {
		if d := checkApplyResult(rc, x.ev.ImpliedType(block), presp.PlannedState, aresp.NewState, x.providerAddr, res); d != nil {
			// Terraform records the object all the same (tainted when
			// created), so that nothing is lost, and reports the error.
			diags = append(diags, d)
			aresp.Diagnostics = append(aresp.Diagnostics, schema.Diagnostic{Severity: schema.Error, Summary: d.Summary})
		}
	}
	if !aresp.Diagnostics.HasErrors() {
		if ds := eval.WriteOnlyReturned("Provider produced invalid object", "after apply", x.opts.Config, rc.ProviderKey, addr, block, aresp.NewState, res.DeclRange.Ptr()); len(ds) > 0 {
			// The value must not be stored, and the object must not be
			// lost: it is recorded without it (tainted when created).
			diags = append(diags, ds...)
			aresp.NewState = block.StripWriteOnly(aresp.NewState)
			aresp.Diagnostics = append(aresp.Diagnostics, schema.Diagnostic{Severity: schema.Error, Summary: ds[0].Summary})
		}
	}
	newVal := aresp.NewState
	provisionFailed := false
	if newVal != cty.NilVal && !newVal.IsNull() {
		v := x.ev.OfImpliedType(block, eval.MarkDerivedFrom(eval.MarkSchemaSensitive(block, newVal).MarkWithPaths(cfgMarks), cfgUnmarked, cfgMarks))
		status := ""
		if aresp.Diagnostics.HasErrors() && rc.Action.Creates() {
			status = state.Tainted
		}
		x.ev.SetInstance(rc.Addr, v)
		provisioning := status == "" && rc.Action.Creates() && hasProvisioners(res, config.ProvisionAtCreate)
		if provisioning {
			// Recorded tainted until its creation-time provisioners have
			// succeeded: a crash while they run leaves an object the next
			// apply replaces (provisioning it again), where Terraform,
			// which records it only after them, would lose it.
			status = state.Tainted
		}
		x.record(rc, v, status, aresp.Private)
		if provisioning {
			// Creation-time provisioners; a failure leaves the object tainted.
			pd := x.provision(ctx, res, rc.Addr, v, each, config.ProvisionAtCreate)
			diags = append(diags, pd...)
			if pd.HasErrors() {
				provisionFailed = true
			} else {
				x.record(rc, v, "", aresp.Private)
			}
		}
	}
	if !aresp.Diagnostics.HasErrors() && !provisionFailed && newVal != cty.NilVal && !newVal.IsNull() {
		// Postconditions check what the provisioners left, as in Terraform.
		v, _ := x.ev.Instance(rc.Addr)
		diags = append(diags, x.postconditions(res, rc, each, v)...)
	}
	if aresp.Diagnostics.HasErrors() || provisionFailed {
		x.markFailed(rc.Addr)
	} else if rc.Action.IsReplace() {
		x.count(plans.Create)
	} else {
		x.count(rc.Action)
	}
	if rc.Importing != "" && !aresp.Diagnostics.HasErrors() {
		x.countImport()
	}
	x.opts.Hook.PostApply(addr, rc.Action, time.Since(start), x.identOf(rc, diags), errOf(diags))
	return diags
}

// record stores an object's new value in the working state.
func (x *executor) record(rc *plans.ResourceChange, v cty.Value, status string, private []byte) {
	// As in Terraform, only managed objects record dependencies: a data
	// source is never destroyed, so nothing orders its deletion. The
	// plan's list is state's: its instances share it (state never changes
	// an object's list in place, it replaces it).
	var deps []string
	if rc.Addr.Resource.Mode == addrs.ManagedResourceMode {
		deps = rc.Dependencies
	}
	provider := x.providerAddr(rc.ProviderKey)
	inst := &state.Instance{
		Key: rc.Addr.Key, Status: status, SchemaVersion: rc.SchemaVersion,
		CreateBeforeDestroy: rc.CreateBeforeDestroy, Private: private,
		Dependencies: deps,
	}
	ty := v.Type()
	if rs, _ := x.opts.Providers.ResourceSchema(context.Background(), rc.ProviderKey, rc.Addr.Resource); rs != nil {
		ty = x.ev.ImpliedType(rs.Block)
	}
	// Encoded before the working state's lock is taken: the object is the
	// caller's until it is set in state, and the lock is what every
	// instance's record and the persister's writes wait for.
	if err := eval.EncodeInstance(inst, v, ty); err != nil {
		x.opts.Log.Error("cannot encode object for state", "address", rc.Addr.String(), "error", err)
		return
	}
	x.persist.update(func(s *state.State) {
		s.SetInstance(rc.Addr.Resource, provider, inst)
	})
}

// depose moves the current object of a create_before_destroy replace aside,
// so that the new object can take its place before the old one is deleted.
func (x *executor) depose(rc *plans.ResourceChange) {
	key := fmt.Sprintf("%08x", uint32(time.Now().UnixNano()))
	x.persist.update(func(s *state.State) {
		if r := s.FindResource(rc.Addr.Resource); r != nil {
			if inst := r.Instance(rc.Addr.Key, ""); inst != nil {
				s.Touch(rc.Addr.Resource, rc.Addr.Key, "")
				inst.Deposed = key
				s.Touch(rc.Addr.Resource, rc.Addr.Key, key)
			}
		}
	})
	x.mu.Lock()
	x.deposed[rc.Addr] = key
	x.mu.Unlock()
}

// progressEvery is how often a long-running action is reported.
var progressEvery = 10 * time.Second

// progress reports a long-running action every progressEvery until the
// returned function is called. One timer per action, armed again after
// each report: a goroutine, a ticker and a channel per instance cost
// allocations (and collector work) on every instance of a large apply,
// nearly all of which end long before their first report.
func (x *executor) progress(addr string, a plans.Action, ident string, start time.Time) func() {
	var (
		mu      sync.Mutex
		stopped bool
		t       *time.Timer
	)
	report := func() {
		x.opts.Hook.Progress(addr, a, time.Since(start), ident)
		mu.Lock()
		if !stopped {
			t.Reset(progressEvery)
		}
		mu.Unlock()
	}
	mu.Lock()
	t = time.AfterFunc(progressEvery, report)
	mu.Unlock()
	return func() {
		mu.Lock()
		stopped = true
		t.Stop()
		mu.Unlock()
	}
}

func errOf(diags hcl.Diagnostics) error {
	if diags.HasErrors() {
		return diags
	}
	return nil
}
