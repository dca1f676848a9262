package eval

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/graph"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/schema"
)

// The operations on an ephemeral resource instance that EphemeralHook
// reports, as Terraform's UI names them ("Opening...", "Renewing...",
// "Closing...", "Configuration unknown, deferring...").
const (
	EphemeralOpen  = "open"
	EphemeralRenew = "renew"
	EphemeralClose = "close"
	EphemeralDefer = "defer"
)

// EphemeralHook receives the operations on ephemeral resource instances;
// hook.Hook implements it. The CLI prints them as Terraform does.
type EphemeralHook interface {
	// PreEphemeralOp is called before op on the instance addr.
	PreEphemeralOp(addr, op string)
	// PostEphemeralOp is called after it (not for EphemeralDefer).
	PostEphemeralOp(addr, op string, elapsed time.Duration, err error)
}

// Ephemerals opens the ephemeral resources (Terraform 1.10) of one walk,
// a plan's or an apply's: each instance is opened when the walk reaches
// its block, renewed in the background when its provider asks, and
// closed as soon as everything in the walk that uses it is done
// (CloseWhenUnused, NodeDone), as Terraform closes it, or by Close when
// the walk is over. Their values are marked ephemeral, so that nothing
// derived from them is stored; they are never in a plan or in state. It
// is safe for concurrent use.
type Ephemerals struct {
	ev    *Evaluator
	provs *Providers
	hook  EphemeralHook

	mu sync.Mutex
	// opened are the blocks opened already: a provider block's are
	// opened before the walk (configurer.openEarly), which then finds
	// them open.
	opened map[*config.Resource]bool
	open   []*openEphemeral
	closed bool
	// users counts, for each block CloseWhenUnused tracks, the walk's
	// nodes that use it and are not done; usedBy lists the tracked blocks
	// each node uses.
	users  map[*config.Resource]int
	usedBy map[string][]*config.Resource
	// tracking is set by CloseWhenUnused, before the walk, when there is
	// something to track: a walk of a stack without ephemeral blocks
	// does no bookkeeping per node.
	tracking bool
}

// openEphemeral is one open instance.
type openEphemeral struct {
	res  *config.Resource
	addr string
	typ  string
	prov schema.Provider

	mu      sync.Mutex // held by a renewal and by the close
	private []byte
	timer   *time.Timer
	closed  bool
	// renewFailed is a failed renewal's diagnostics, reported with the
	// close: the instance is not renewed again.
	renewFailed schema.Diagnostics
}

// NewEphemerals returns the ephemeral resources of a walk over ev with
// provs, reporting to hook (nil: to nothing).
func NewEphemerals(ev *Evaluator, provs *Providers, hook EphemeralHook) *Ephemerals {
	if hook == nil {
		hook = nopEphemeralHook{}
	}
	return &Ephemerals{ev: ev, provs: provs, hook: hook, opened: map[*config.Resource]bool{},
		users: map[*config.Resource]int{}, usedBy: map[string][]*config.Resource{}}
}

type nopEphemeralHook struct{}

func (nopEphemeralHook) PreEphemeralOp(string, string)                        {}
func (nopEphemeralHook) PostEphemeralOp(string, string, time.Duration, error) {}

// Open evaluates and opens every instance of the ephemeral block of node
// n, in every instance of its module. An instance whose configuration is
// not wholly known yet (a plan's unknown values) is not opened: its value
// is unknown, as Terraform's is ("deferring").
func (e *Ephemerals) Open(ctx context.Context, n *Node) hcl.Diagnostics {
	res := n.Resource
	e.mu.Lock()
	opened := e.opened[res]
	e.opened[res] = true
	e.mu.Unlock()
	if opened {
		return nil
	}
	provKey, diags := ResourceProviderKey(n.Config, res)
	if diags.HasErrors() {
		return diags
	}
	rs, err := e.provs.ResourceSchema(ctx, provKey, res.Addr())
	if err != nil || rs == nil {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid ephemeral resource type",
			Detail: fmt.Sprintf("The provider of %s has no ephemeral resource type %q.", res.Addr(), res.Type), Subject: res.TypeRange().Ptr()})
	}
	prov := e.provs.Get(provKey)
	for _, mi := range e.ev.ModuleInstances(n.Module()) {
		diags = append(diags, e.openIn(ctx, mi, n, rs.Block, prov)...)
	}
	return diags
}

// openIn opens the instances of n's block in module instance mi.
func (e *Ephemerals) openIn(ctx context.Context, mi addrs.ModuleInstance, n *Node, block *schema.Block, prov schema.Provider) hcl.Diagnostics {
	res := n.Resource
	addr := res.Addr().InModule(mi)
	exp, diags := e.ev.Expand(mi, res)
	if diags.HasErrors() {
		return diags
	}
	if !exp.Known {
		// As Terraform, an ephemeral resource whose instances are not
		// known yet is unknown as a whole; it is opened at apply.
		e.ev.SetExpansion(addr, exp.Each, false)
		return diags
	}
	e.ev.SetExpansion(addr, exp.Each, true)
	for _, key := range exp.Keys {
		ri := addr.Instance(key)
		each := exp.EachValues[key]
		scope := e.ev.InstanceScope(mi, key, each)
		if _, ds := EvalConditions(ResourcePrecondition, res.Preconditions, scope, cty.NilVal); len(ds) > 0 {
			if diags = append(diags, ds...); ds.HasErrors() {
				continue
			}
		}
		cfg, ds := scope.EvalBlock(res.Config, block)
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		cfgUnmarked, _ := lang.UnmarkDeep(cfg)
		if ds := e.ev.ProviderDiags(ValidateResource(ctx, prov, res, cfgUnmarked), res, ri, cfg); len(ds) > 0 {
			if diags = append(diags, ds...); ds.HasErrors() {
				continue
			}
		}
		if !cfgUnmarked.IsWhollyKnown() {
			e.hook.PreEphemeralOp(ri.String(), EphemeralDefer)
			e.ev.SetInstance(ri, cty.UnknownVal(e.ev.ImpliedType(block)).Mark(lang.Ephemeral))
			continue
		}
		v, pds := e.openOne(ctx, prov, res, ri.String(), block, cfgUnmarked)
		diags = append(diags, e.ev.ProviderDiags(pds, res, ri, cfg)...)
		if pds.HasErrors() {
			continue
		}
		_, ds = EvalConditions(ResourcePostcondition, res.Postconditions, scope, v)
		diags = append(diags, ds...)
		e.ev.SetInstance(ri, v)
	}
	return diags
}

// openOne opens one instance and keeps it for renewal and close.
func (e *Ephemerals) openOne(ctx context.Context, prov schema.Provider, res *config.Resource, addr string, block *schema.Block, cfg cty.Value) (cty.Value, schema.Diagnostics) {
	typ := res.Type
	e.hook.PreEphemeralOp(addr, EphemeralOpen)
	start := time.Now()
	resp := prov.OpenEphemeralResource(ctx, schema.OpenEphemeralResourceRequest{TypeName: typ, Config: cfg})
	e.hook.PostEphemeralOp(addr, EphemeralOpen, time.Since(start), resp.Diagnostics.Err())
	if resp.Diagnostics.HasErrors() {
		return cty.NilVal, resp.Diagnostics
	}
	ty := e.ev.ImpliedType(block)
	if resp.Result == cty.NilVal || len(resp.Result.Type().TestConformance(ty)) > 0 {
		return cty.NilVal, append(resp.Diagnostics, schema.Diagnostic{Severity: schema.Error, Summary: "Provider produced invalid object",
			Detail: fmt.Sprintf("The provider's result for %s does not conform to its own schema. This is a bug in the provider.", addr)})
	}
	o := &openEphemeral{res: res, addr: addr, typ: typ, prov: prov, private: resp.Private}
	e.mu.Lock()
	if e.closed {
		// The walk ended while the call ran: nothing will use it.
		e.mu.Unlock()
		e.closeOne(context.WithoutCancel(ctx), o)
		return cty.NilVal, resp.Diagnostics
	}
	e.open = append(e.open, o)
	e.mu.Unlock()
	e.scheduleRenew(ctx, o, resp.RenewAt)
	return e.ev.OfImpliedType(block, MarkSchemaSensitive(block, resp.Result)).Mark(lang.Ephemeral), resp.Diagnostics
}

// scheduleRenew renews o at (or, late, soon after) at; a zero time asks
// for no renewal. A renewal that fails is reported when o is closed, and
// the instance is not renewed again.
func (e *Ephemerals) scheduleRenew(ctx context.Context, o *openEphemeral, at time.Time) {
	if at.IsZero() {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return
	}
	o.timer = time.AfterFunc(time.Until(at), func() {
		o.mu.Lock()
		if o.closed {
			o.mu.Unlock()
			return
		}
		e.hook.PreEphemeralOp(o.addr, EphemeralRenew)
		start := time.Now()
		resp := o.prov.RenewEphemeralResource(context.WithoutCancel(ctx), schema.RenewEphemeralResourceRequest{TypeName: o.typ, Private: o.private})
		e.hook.PostEphemeralOp(o.addr, EphemeralRenew, time.Since(start), resp.Diagnostics.Err())
		if resp.Private != nil {
			o.private = resp.Private
		}
		if resp.Diagnostics.HasErrors() {
			o.renewFailed = resp.Diagnostics
		}
		o.mu.Unlock()
		if !resp.Diagnostics.HasErrors() {
			e.scheduleRenew(ctx, o, resp.RenewAt)
		}
	})
}

// CloseWhenUnused makes the ephemeral blocks of g that the walk of walked
// (g's graph or a part of it) will open close as soon as every node of
// walked that depends on them, directly or not, is done (NodeDone), as
// Terraform closes them. Blocks opened already (for a provider block,
// which the provider uses until the end) wait for Close.
func (e *Ephemerals) CloseWhenUnused(g *ModuleGraph, walked *graph.Graph[string]) {
	if !slices.ContainsFunc(e.ev.Config.All(), func(c *config.Config) bool { return len(c.Module.EphemeralResources) > 0 }) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tracking = true
	for key, n := range g.Nodes {
		if n.Kind != ResourceNode || n.Resource.Mode != addrs.EphemeralResourceMode || !walked.Has(key) || e.opened[n.Resource] {
			continue
		}
		users := walked.Descendants(key)
		e.users[n.Resource] = len(users)
		for u := range users {
			e.usedBy[u] = append(e.usedBy[u], n.Resource)
		}
		e.usedBy[key] = append(e.usedBy[key], nil) // its own node: closes it when nothing uses it
	}
}

// NodeDone says the walk is done with node key (planned or applied it,
// or failed): the tracked blocks nothing left uses are closed.
func (e *Ephemerals) NodeDone(ctx context.Context, key string, n *Node) hcl.Diagnostics {
	if !e.tracking {
		return nil
	}
	e.mu.Lock()
	var unused []*config.Resource
	for _, r := range e.usedBy[key] {
		if r == nil {
			r = n.Resource
		} else {
			e.users[r]--
		}
		if count, tracked := e.users[r]; tracked && count == 0 && e.opened[r] {
			unused = append(unused, r)
			delete(e.users, r)
		}
	}
	var closing []*openEphemeral
	for _, r := range unused {
		e.open = slices.DeleteFunc(e.open, func(o *openEphemeral) bool {
			if o.res == r {
				closing = append(closing, o)
				return true
			}
			return false
		})
	}
	e.mu.Unlock()
	return e.closeAll(ctx, closing)
}

// Close closes every instance opened, in the reverse order of their
// opening, and returns the errors of the closes. Nothing opens after it.
func (e *Ephemerals) Close(ctx context.Context) hcl.Diagnostics {
	e.mu.Lock()
	e.closed = true
	open := e.open
	e.open = nil
	e.mu.Unlock()
	return e.closeAll(ctx, open)
}

// closeAll closes open, the last opened first, and returns the errors of
// their renewals and closes, at their blocks.
func (e *Ephemerals) closeAll(ctx context.Context, open []*openEphemeral) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, o := range slices.Backward(open) {
		for _, d := range e.closeOne(context.WithoutCancel(ctx), o) {
			diags = append(diags, ProviderDiag(d, o.res.DeclRange.Ptr(), o.addr))
		}
	}
	return diags
}

// closeOne stops o's renewals and closes it; it returns a failed
// renewal's diagnostics and the close's.
func (e *Ephemerals) closeOne(ctx context.Context, o *openEphemeral) schema.Diagnostics {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil
	}
	o.closed = true
	if o.timer != nil {
		o.timer.Stop()
	}
	e.hook.PreEphemeralOp(o.addr, EphemeralClose)
	start := time.Now()
	resp := o.prov.CloseEphemeralResource(ctx, schema.CloseEphemeralResourceRequest{TypeName: o.typ, Private: o.private})
	e.hook.PostEphemeralOp(o.addr, EphemeralClose, time.Since(start), resp.Diagnostics.Err())
	return append(o.renewFailed, resp.Diagnostics...)
}
