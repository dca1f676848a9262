package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
)

// Options configure one apply.
type Options struct {
	Plan *plans.Plan
	// Config is the configuration tree the plan was made from.
	Config    *config.Config
	Providers *eval.Providers
	Backend   state.Backend
	// Stored is the state as the backend holds it, when known: writes that
	// would store the same content are skipped.
	Stored      *state.State
	Parallelism int
	Hook        hook.Hook
	Log         hclog.Logger
	// PersistInterval is how often state is written during apply
	// (default one second).
	PersistInterval time.Duration
	// Version is the trueup version recorded in state.
	Version string
	// Codec encodes errored.tfstate, written when the backend refuses the
	// final state, as the backend encodes state (encrypted when state
	// encryption is configured).
	Codec state.Codec
	// ReleaseValues says that the caller reads no change's Before or After
	// once Apply returns: each change's values are dropped (set to
	// cty.NilVal) as soon as its instance is applied, so that the plan's
	// values and the applied ones are not all held at once (at 100,000
	// instances, hundreds of megabytes). The plan's actions, addresses and
	// everything else stay. Leave it false to render the plan afterwards.
	ReleaseValues bool
	// PlanRead, with ReleaseValues, is closed once the caller has done
	// reading the plan's values while Apply runs (an auto-approved apply
	// writes the plan's text as its first calls go out): until then the
	// changes applied keep their values, which are dropped when it
	// closes. Nil: the caller reads none while Apply runs.
	PlanRead <-chan struct{}
	// ReleaseConfig says that nothing evaluates Config's resource bodies
	// once Apply returns: each resource block's body is dropped once its
	// instances are applied (config.ReleaseBody), as the values are.
	ReleaseConfig bool
	// Graph is the configuration graph of the plan made in this process
	// (plan.Options.Graph), walked instead of one built again from the
	// same configuration.
	Graph *eval.ModuleGraph
	// Preparer prepares the resource bodies the plan did not carry (a
	// saved plan's); nil: one of the apply's own.
	Preparer *lang.Preparer
}

// Result is what an apply did.
type Result struct {
	// State is the final state (also written to the backend).
	State *state.State
	// Counts tallies the actions that completed.
	Counts plans.Counts
	// SaveErr is set when the backend refused the final state, which was
	// then written to errored.tfstate.
	SaveErr error
}

// ErrStalePlan is returned when the stored state changed after the plan
// was made.
var ErrStalePlan = errors.New("saved plan is stale")

// CheckFresh refuses a plan made against another state than stored.
func CheckFresh(p *plans.Plan, stored *state.State) error {
	if p.PriorState == nil {
		return nil
	}
	if stored == nil {
		if p.PriorState.Serial == 0 && p.PriorState.Empty() {
			return nil
		}
		return fmt.Errorf("%w: the plan was made against state serial %d, but no state is stored now; run plan again", ErrStalePlan, p.PriorState.Serial)
	}
	if stored.Lineage != p.PriorState.Lineage && !(p.PriorState.Serial == 0 && p.PriorState.Empty()) {
		return fmt.Errorf("%w: the plan was made against state lineage %s, but the stored state has lineage %s; run plan again", ErrStalePlan, p.PriorState.Lineage, stored.Lineage)
	}
	if stored.Serial != p.PriorState.Serial {
		return fmt.Errorf("%w: the state changed since the plan was made (serial %d then, %d now); run plan again", ErrStalePlan, p.PriorState.Serial, stored.Serial)
	}
	return nil
}

// executor is the state of one apply.
type executor struct {
	opts    Options
	ev      *eval.Evaluator
	graph   *eval.ModuleGraph
	persist *persister
	sem     chan struct{}
	changes changeIndex

	mu     sync.Mutex
	failed map[addrs.ResourceInstance]bool
	// deposed holds the deposed keys of create_before_destroy replaces.
	deposed map[addrs.ResourceInstance]string
	counts  plans.Counts
	// providerAddrs holds each provider's address as state records it
	// (providerAddr).
	providerAddrs map[string]string
	// prep prepares the bodies the plan did not carry (a saved plan's):
	// opts.Preparer or the apply's own.
	prep *lang.Preparer
	// held are the releases of values waiting for Options.PlanRead.
	held heldReleases
}

// Apply carries out opts.Plan. It returns the final state even on error:
// whatever completed is recorded and written.
func Apply(ctx context.Context, opts Options) (*Result, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	if opts.Hook == nil {
		opts.Hook = hook.Nop{}
	}
	if opts.Log == nil {
		opts.Log = hclog.NewNullLogger()
	}
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	if opts.PersistInterval <= 0 {
		opts.PersistInterval = time.Second
	}
	p := opts.Plan
	if p.Errored {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot apply an incomplete plan", Detail: "The plan was made with errors; fix them and plan again."}}
	}
	// The working copy shares the prior state's attribute bytes, as the
	// persister's snapshots do (State.SnapshotCopy): the engine replaces
	// them and never changes them in place.
	work := p.PriorState.SnapshotCopy()
	work.TrueupVersion = opts.Version
	work.Meta.Commit, work.Meta.Source = p.Commit, p.Source
	x := &executor{
		opts:    opts,
		ev:      eval.NewEvaluator(opts.Config, eval.MarkVariables(opts.Config.Module, p.Variables), false),
		sem:     make(chan struct{}, opts.Parallelism),
		changes: newChangeIndex(p.Changes),
		failed:  map[addrs.ResourceInstance]bool{},
		deposed: map[addrs.ResourceInstance]string{},
		prep:    opts.Preparer,
	}
	if x.prep == nil {
		x.prep = &lang.Preparer{}
	}
	x.ev.Workspace = p.Workspace
	ephemerals := eval.NewEphemerals(x.ev, opts.Providers, opts.Hook)
	x.ev.Ephemerals = ephemerals
	// Those opened for a provider block are closed when a failure ends
	// the apply before its walk, which closes them otherwise.
	defer ephemerals.Close(context.WithoutCancel(ctx))
	for _, rc := range p.Changes {
		if rc.Action == plans.NoOp && rc.Deposed == "" {
			x.ev.SetInstance(rc.Addr, rc.After)
		}
	}
	x.persist = newPersister(opts.Backend, work, opts.Stored, opts.Hook, opts.Log.Named("state"), opts.PersistInterval)
	x.persist.codec = opts.Codec

	x.holdReleases(opts.PlanRead)
	start := time.Now()
	diags = append(diags, x.run(ctx)...)
	x.releaseHeldAtEnd()
	// The walk's time, without the final write: what the bench driver
	// sets against the latency limit (docs/performance.md, "The driver").
	opts.Log.Named("apply").Debug("walked", "changes", len(p.Changes), "elapsed", time.Since(start))
	// The walk's graph, the evaluator's values and the change indexes are
	// dead once the outputs are recorded: dropped here, they are not live
	// while the final write encodes the whole state, an apply's peak. An
	// interrupted walk may have left abandoned evaluations running, which
	// still read them.
	if ctx.Err() == nil {
		x.release()
	}
	x.persist.update(func(s *state.State) { s.Meta.AppliedAt = time.Now().UTC() })
	saveErr := x.persist.finish(context.WithoutCancel(ctx))
	if saveErr != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Failed to save state", Detail: saveErr.Error()})
	}
	diags = append(diags, partialApplyWarning(opts.Plan)...)
	return &Result{State: x.persist.snapshot(), Counts: x.counts, SaveErr: saveErr}, diags
}

// release drops what only the walk needs. Nothing may use x.ev, x.graph,
// or x.changes afterwards.
func (x *executor) release() {
	x.ev, x.graph, x.changes = nil, nil, changeIndex{}
}

func (x *executor) run(ctx context.Context) hcl.Diagnostics {
	var diags hcl.Diagnostics
	p := x.opts.Plan
	keys := providerKeys(p)
	if p.Mode != plans.DestroyMode {
		keys = withEphemeralProviders(keys, x.opts.Config)
	}
	diags = append(diags, eval.ConfigureProviders(ctx, x.ev, x.opts.Providers, keys)...)
	if diags.HasErrors() {
		return diags
	}
	if p.Mode == plans.RefreshOnlyMode {
		x.persist.update(func(s *state.State) {})
	}
	x.recordDataSources()
	x.recordRefactoring()

	diags = append(diags, x.walkDeletes(ctx, func(rc *plans.ResourceChange) bool {
		return rc.Action == plans.Delete || rc.Action == plans.DeleteThenCreate
	})...)

	if p.Mode != plans.DestroyMode {
		g := x.opts.Graph
		x.opts.Graph = nil // x.graph holds it, until release
		if g == nil {
			var ds hcl.Diagnostics
			g, ds = eval.BuildGraph(ctx, x.opts.Config, x.opts.Providers)
			diags = append(diags, ds...)
			if ds.HasErrors() {
				return diags
			}
		}
		x.graph = g
		diags = append(diags, x.walkCreates(ctx)...)
		diags = append(diags, x.applyChecks()...)
		x.persist.update(func(s *state.State) { s.CheckResults = x.ev.CheckResults() })
	}

	diags = append(diags, x.walkDeletes(ctx, func(rc *plans.ResourceChange) bool {
		return rc.Action == plans.CreateThenDelete
	})...)

	x.recordOutputs()
	if ctx.Err() != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Apply interrupted",
			Detail: "Apply was interrupted: in-flight operations finished and their results were saved; nothing else was started."})
	}
	return diags
}

// walkCreates walks the configuration graph in dependency order,
// applying the creates, updates and reads of each resource, and
// evaluating locals, module variables, module calls and outputs.
func (x *executor) walkCreates(ctx context.Context) hcl.Diagnostics {
	var diags hcl.Diagnostics
	var mu sync.Mutex
	ephemerals := x.ev.Ephemerals
	ephemerals.CloseWhenUnused(x.graph, x.graph.Graph)
	res := x.graph.Walk(ctx, x.opts.Parallelism, func(ctx context.Context, key string) error {
		var ds hcl.Diagnostics
		defer func() {
			if ds := ephemerals.NodeDone(ctx, key, x.graph.Nodes[key]); len(ds) > 0 {
				mu.Lock()
				diags = append(diags, ds...)
				mu.Unlock()
			}
		}()
		switch n := x.graph.Nodes[key]; {
		case n == nil:
			return nil
		case n.Kind == eval.ResourceNode && n.Resource.Mode == addrs.EphemeralResourceMode:
			ds = ephemerals.Open(ctx, n)
		case n.Kind == eval.ResourceNode:
			ds = x.applyResource(ctx, n)
			n.Prepared = nil // applied: nothing evaluates it again
			if x.opts.ReleaseConfig {
				n.Resource.ReleaseBody()
			}
		default:
			ds = x.ev.EvalValueNode(n)
		}
		if len(ds) > 0 {
			mu.Lock()
			diags = append(diags, ds...)
			mu.Unlock()
		}
		if ds.HasErrors() {
			return errors.New("failed")
		}
		return nil
	})
	diags = append(diags, ephemerals.Close(ctx)...)
	var skipped []string
	var byNode map[string][]*plans.ResourceChange
	for k, err := range res.Skipped {
		if errors.Is(err, context.Canceled) {
			continue
		}
		if byNode == nil {
			byNode = x.changes.byNode()
		}
		if n := x.graph.Nodes[k]; n != nil && n.Kind == eval.ResourceNode && len(pendingChanges(byNode, n)) > 0 {
			skipped = append(skipped, k)
		}
	}
	if len(skipped) > 0 {
		sort.Strings(skipped)
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning,
			Summary:  "Changes not applied",
			Detail: fmt.Sprintf("These resources depend on one that failed, so their planned changes were not applied: %s. "+
				"Fix the failure and apply again.", strings.Join(skipped, ", ")),
		})
	}
	return diags
}

// pendingChanges returns the changes of a resource node that do something,
// in every instance of its module; byNode holds the changes by node key.
func pendingChanges(byNode map[string][]*plans.ResourceChange, n *eval.Node) []*plans.ResourceChange {
	var out []*plans.ResourceChange
	for _, rc := range byNode[eval.ResourceKey(n.Resource.Addr().InModule(n.Config.Path.UnkeyedInstance()))] {
		if rc.Action != plans.NoOp {
			out = append(out, rc)
		}
	}
	return out
}

func (x *executor) markFailed(ri addrs.ResourceInstance) {
	x.mu.Lock()
	x.failed[ri] = true
	x.mu.Unlock()
}

func (x *executor) hasFailed(ri addrs.ResourceInstance) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.failed[ri]
}

func (x *executor) countImport() {
	x.mu.Lock()
	x.counts.Import++
	x.mu.Unlock()
}

func (x *executor) count(a plans.Action) {
	x.mu.Lock()
	switch a {
	case plans.Create:
		x.counts.Add++
	case plans.Update:
		x.counts.Change++
	case plans.Delete:
		x.counts.Destroy++
	case plans.Read:
		x.counts.Read++
	}
	x.mu.Unlock()
}

func providerKeys(p *plans.Plan) []string {
	set := map[string]bool{}
	for _, rc := range p.Changes {
		if rc.Action != plans.NoOp {
			set[rc.ProviderKey] = true
		}
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// withEphemeralProviders adds to keys the provider configurations of the
// configuration's ephemeral resources, which the apply opens again
// though no change names them; keys stays sorted.
func withEphemeralProviders(keys []string, cfg *config.Config) []string {
	for _, c := range cfg.All() {
		for _, res := range c.Module.EphemeralResources {
			if key, diags := eval.ResourceProviderKey(c, res); !diags.HasErrors() && !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
