package plan

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/trueup/trueup/internal/workers"
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
	// read says the object was read from its provider (refreshObject).
	read bool
	// drifted says the read value differs from the stored one (driftEqual),
	// decided once when it is read: the drift list, the refreshed prior
	// state and -refresh=changed's second plan all ask, and each asking
	// walked both values again.
	drifted bool
	// settled is held while a refresh the walk overlaps has yet to decode
	// and read the object (priorObjects.await).
	settled sync.WaitGroup
}

// priorObjects holds every managed object in state, refreshed.
type priorObjects struct {
	objects map[addrs.ResourceInstance]*priorObject
	byRes   map[addrs.Resource][]*priorObject
	drift   []*plans.ResourceChange
	// refreshed counts the objects read from their providers. An object
	// whose decode failed stays in objects and byRes with a NilVal stored
	// value, and the plan fails.
	refreshed atomic.Int64
	// overlapped says that the walk runs while the objects are decoded
	// and read (startRefresh): planning an object's instance waits for
	// its decode and, when reads is set, its read (await).
	overlapped bool
	// reads says the refresh reads the objects: not with -refresh=false,
	// nor -refresh=changed, which reads what the walk finds changed.
	reads bool
	// failed is set once a decode or a read failed: the plan fails with
	// the refresh's diagnostics, so the overlapped walk plans nothing
	// more, and a decode's failure starts no further read.
	failed, decodeFailed atomic.Bool
	// calls bounds the provider reads in flight to -parallelism while the
	// walk overlaps the refresh: the refresh's reads and the data
	// sources' reads take a slot each.
	calls chan struct{}
}

// refreshing is a refresh under way (startRefresh).
type refreshing struct {
	done  chan struct{}
	diags hcl.Diagnostics
}

// logRefreshed logs the end of the refresh begun at start, when it ends
// (with the walk beside it, before the walk's end).
func (p *planner) logRefreshed(start time.Time) {
	p.opts.Log.Named("planner").Debug("refreshed", "objects", len(p.prior.objects), "drifted", len(p.prior.drift), "elapsed", time.Since(start))
}

// wait returns the refresh's diagnostics once it has ended.
func (r *refreshing) wait() hcl.Diagnostics {
	<-r.done
	return r.diags
}

// startRefresh decodes every managed object in state
// (UpgradeResourceState) and, unless refresh is off, reads it through its
// provider: for all objects in parallel, up to -parallelism at a time, in
// state order. A full refresh reads each object as soon as it is decoded,
// so that decoding overlaps the calls instead of delaying the first one
// (30-60 ms at 1,000 objects); once a decode has failed, no further read
// starts, and the plan stops with the decode's error.
//
// p.prior holds every listed object when it returns. With overlap (a full
// refresh or none, which the walk runs beside: overlapsRefresh), the
// objects are decoded and read on a goroutine of their own and each is
// settled when it is (await); otherwise they all are when startRefresh
// returns.
func (p *planner) startRefresh(ctx context.Context, stored *state.State, overlap bool) *refreshing {
	start := time.Now()
	r := &refreshing{done: make(chan struct{})}
	po := &priorObjects{objects: map[addrs.ResourceInstance]*priorObject{}, byRes: map[addrs.Resource][]*priorObject{}}
	p.prior = po
	list, diags := p.storedObjects(ctx, stored)
	if diags.HasErrors() {
		r.diags = diags
		p.logRefreshed(start)
		close(r.done)
		return r
	}
	for _, obj := range list {
		po.objects[obj.addr] = obj
		po.byRes[obj.addr.Resource] = append(po.byRes[obj.addr.Resource], obj)
	}
	po.reads = !p.opts.SkipRefresh && !p.refreshesChanged()
	refresh := func() {
		defer close(r.done)
		r.diags = append(diags, p.decodeAndRead(ctx, list)...)
		p.logRefreshed(start)
	}
	if !overlap {
		refresh()
		return r
	}
	po.overlapped = true
	po.calls = make(chan struct{}, p.opts.Parallelism)
	for _, obj := range list {
		obj.settled.Add(1)
	}
	go refresh()
	return r
}

// decodeAndRead decodes the listed objects and, when the refresh reads
// (priorObjects.reads), reads each once it is decoded; it settles each
// object when it is done with it.
func (p *planner) decodeAndRead(ctx context.Context, list []*priorObject) hcl.Diagnostics {
	po := p.prior
	step := func(ctx context.Context, obj *priorObject) hcl.Diagnostics {
		defer po.settle(obj)
		if ds := p.upgradeObject(ctx, obj); ds.HasErrors() {
			po.decodeFailed.Store(true)
			po.failed.Store(true)
			return ds
		}
		if !po.reads || po.decodeFailed.Load() {
			return nil
		}
		ds := p.refreshObject(ctx, obj)
		if ds.HasErrors() {
			po.failed.Store(true)
		}
		return ds
	}
	diags, started := p.parallel(ctx, list, po.calls, step)
	for _, obj := range list[started:] {
		po.settle(obj) // never started: interrupted
	}
	if diags.HasErrors() || !po.reads {
		return diags
	}
	for _, obj := range list {
		if d := obj.drift(); d != nil {
			po.drift = append(po.drift, d)
		}
	}
	return diags
}

// settle says that the refresh is done with obj: read, or not to be.
func (po *priorObjects) settle(obj *priorObject) {
	if po.overlapped {
		obj.settled.Done()
	}
}

// await waits until the refresh the walk overlaps is done with obj, and
// reports whether obj can be planned: it was read, or without reads
// decoded. Without overlap every object is settled before the walk.
func (po *priorObjects) await(obj *priorObject) bool {
	if !po.overlapped {
		return true
	}
	obj.settled.Wait()
	if po.reads {
		return obj.read
	}
	return obj.stored != cty.NilVal
}

// stopped reports whether the overlapped walk is to plan nothing more: a
// decode or a read failed, and the plan fails with the refresh's errors.
func (po *priorObjects) stopped() bool {
	return po.overlapped && po.failed.Load()
}

// call takes a slot for a provider read while the walk overlaps the
// refresh, and returns its release.
func (po *priorObjects) call() func() {
	if po.calls == nil {
		return func() {}
	}
	po.calls <- struct{}{}
	return func() { <-po.calls }
}

// stored returns the number of objects decoded from state (and imported).
func (po *priorObjects) stored() int {
	n := 0
	for _, obj := range po.objects {
		if obj.stored != cty.NilVal {
			n++
		}
	}
	return n
}

// drift returns the drift a refresh found in obj, nil when none.
func (obj *priorObject) drift() *plans.ResourceChange {
	if !obj.read || !obj.drifted {
		return nil
	}
	action := plans.Update
	if obj.value.IsNull() {
		action = plans.Delete
	}
	return &plans.ResourceChange{
		Addr: obj.addr, ProviderKey: obj.providerKey, Action: action,
		Before: obj.stored, After: obj.value, SchemaVersion: obj.schema.Version,
	}
}

// storedObjects lists the managed objects of state that are not deposed,
// not yet decoded, in state order.
func (p *planner) storedObjects(ctx context.Context, stored *state.State) ([]*priorObject, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	var list []*priorObject
	for _, r := range stored.Resources {
		if r.Addr.Mode != addrs.ManagedResourceMode {
			continue
		}
		addr := r.Addr
		key := eval.ProviderKeyFromStateIn(p.opts.Config, r.Provider)
		rs, err := p.opts.Providers.ResourceSchema(ctx, key, addr)
		if err != nil || rs == nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Unknown resource type in state",
				Detail: fmt.Sprintf("State holds %s, but provider %q has no resource type %q.", addr, key, r.Addr.Type),
			})
			continue
		}
		for _, inst := range r.Instances {
			if inst.Deposed != "" {
				continue // deposed objects are planned for deletion separately
			}
			ri := addr.Instance(inst.Key)
			list = append(list, &priorObject{addr: ri, providerKey: key, inst: inst, schema: rs, private: inst.Private})
		}
	}
	return list, diags
}

// parallel calls fn for every object, in order, up to -parallelism at a
// time (a slot of sem each, when sem is not nil), on workers that go from
// one object to the next, and gathers the diagnostics. It stops starting
// calls when ctx is done, and returns how many it started: the first ones
// of list.
func (p *planner) parallel(ctx context.Context, list []*priorObject, sem chan struct{}, fn func(context.Context, *priorObject) hcl.Diagnostics) (hcl.Diagnostics, int) {
	var diags hcl.Diagnostics
	if sem == nil {
		sem = make(chan struct{}, p.opts.Parallelism)
	}
	var mu sync.Mutex
	started := workers.Bounded(len(list), sem, func() bool { return ctx.Err() == nil }, func(i int) {
		if ds := fn(ctx, list[i]); len(ds) > 0 {
			mu.Lock()
			diags = append(diags, ds...)
			mu.Unlock()
		}
	})
	return diags, started
}

// upgradeObject decodes a stored object with its provider
// (UpgradeResourceState) into obj.stored and obj.value; they stay NilVal
// when it fails.
func (p *planner) upgradeObject(ctx context.Context, obj *priorObject) hcl.Diagnostics {
	v, err := p.ev.UpgradeInstance(ctx, p.opts.Providers.Get(obj.providerKey), obj.addr.Resource.Type, obj.schema, obj.inst)
	if err != nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid object in state", Detail: fmt.Sprintf("%s: %v", obj.addr, err)}}
	}
	obj.stored, obj.value = v, v
	return nil
}

func (p *planner) refreshObject(ctx context.Context, obj *priorObject) hcl.Diagnostics {
	addr := obj.addr.String()
	p.opts.Hook.PreRefresh(addr)
	prov := p.opts.Providers.Get(obj.providerKey)
	unmarked, _ := lang.UnmarkDeep(obj.stored)
	resp := prov.ReadResource(ctx, schema.ReadResourceRequest{TypeName: obj.addr.Resource.Type, PriorState: unmarked, Private: obj.private})
	// As in Terraform, an error is located at the object's block while it
	// is still in configuration; an orphan's has no location.
	var rng *hcl.Range
	if res := p.resourceConfig(obj.addr.Resource); res != nil {
		rng = res.DeclRange.Ptr()
	}
	var diags hcl.Diagnostics
	for _, d := range resp.Diagnostics {
		diags = append(diags, eval.ProviderDiag(d, rng, addr))
	}
	diags = eval.RedactSecrets(diags, obj.stored)
	if resp.Diagnostics.HasErrors() {
		p.opts.Hook.PostRefresh(addr, false, resp.Diagnostics.Err())
		return diags
	}
	v := resp.NewState
	if v == cty.NilVal {
		v = cty.NullVal(p.ev.ImpliedType(obj.schema.Block))
	}
	if ds := eval.WriteOnlyReturned("Provider produced invalid object", "during refresh", p.opts.Config, obj.providerKey, addr, obj.schema.Block, v, rng); len(ds) > 0 {
		diags = append(diags, ds...)
		p.opts.Hook.PostRefresh(addr, false, ds.Errs()[0])
		return diags
	}
	if !v.IsNull() {
		v = eval.MarkPaths(eval.MarkSchemaSensitive(obj.schema.Block, v), obj.inst.SensitiveAttributes)
	}
	obj.value, obj.private, obj.read = v, resp.Private, true
	obj.drifted = !driftEqual(obj.stored, v)
	p.prior.refreshed.Add(1)
	p.opts.Hook.PostRefresh(addr, obj.drifted, nil)
	return diags
}

func driftEqual(a, b cty.Value) bool {
	ua, _ := lang.UnmarkDeep(a)
	ub, _ := lang.UnmarkDeep(b)
	if ua.IsNull() || ub.IsNull() {
		return ua.IsNull() == ub.IsNull()
	}
	return ctyobject.Equal(ua, ub)
}

// refreshedState returns a copy of stored with every managed object's
// attributes replaced by its refreshed value, and objects that are gone
// removed. Lineage and serial stay those of stored. The copy shares the
// attribute bytes, private data and dependencies of the objects that did
// not change with stored (State.SnapshotCopy: the engine replaces them and
// never changes them in place): made at the end of the plan, when nearly
// everything the plan built is live, a deep copy added every object's
// attributes once more (about 3 MB at 10,000 objects).
func (po *priorObjects) refreshedState(stored *state.State) *state.State {
	s := stored.SnapshotCopy()
	for _, r := range s.Resources {
		if r.Addr.Mode != addrs.ManagedResourceMode {
			continue
		}
		addr := r.Addr
		kept := r.Instances[:0]
		for _, inst := range r.Instances {
			obj := po.objects[addr.Instance(inst.Key)]
			if inst.Deposed != "" || obj == nil || obj.stored == cty.NilVal {
				kept = append(kept, inst)
				continue
			}
			if obj.value.IsNull() {
				continue
			}
			if obj.read && obj.drifted {
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
