package plan

import (
	"context"
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
	"github.com/trueup/trueup/engine/graph"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// Options configure one plan.
type Options struct {
	// Config is the configuration tree.
	Config *config.Config
	// Vars are the finalized root variable values (unmarked).
	Vars map[string]cty.Value
	// State is the stored state, nil when there is none yet.
	State     *state.State
	Providers *eval.Providers
	Mode      plans.Mode
	Targets   []addrs.Target
	// Excludes are the -exclude addresses (never set with Targets).
	Excludes []addrs.Target
	Replace  []addrs.ResourceInstance
	// SkipRefresh is -refresh=false.
	SkipRefresh bool
	// RefreshChanged is -refresh=changed: in a normal plan, read only the
	// objects whose plan changes and the objects that depend on them
	// (refresh_changed.go). Destroy and refresh-only plans read everything.
	RefreshChanged bool
	Parallelism    int
	Hook           hook.Hook
	Log            hclog.Logger
	Commit         string
	Source         string
	// GeneratedConfig maps the import targets whose resource blocks
	// plan -generate-config-out wrote to those blocks' text.
	GeneratedConfig map[addrs.ResourceInstance]string
	// Workspace is the selected workspace: terraform.workspace, recorded
	// in the plan ("" is "default").
	Workspace string
	// ReleaseConfig says that nothing evaluates Config's resource bodies
	// after the plan (no apply follows in this process, and no renderer
	// reads the configuration's expressions): each resource block's body
	// is dropped once its instances are planned (config.ReleaseBody),
	// which keeps a large plan's peak memory down. Config cannot be
	// planned again afterwards.
	ReleaseConfig bool
	// Graph, when set, is called with the configuration graph the plan
	// builds, for an apply in this process to walk (apply.Options.Graph)
	// instead of building it again.
	Graph func(*eval.ModuleGraph)
	// CarryPrepared says that an apply in this process walks Graph: each
	// managed resource's node keeps the body the plan prepared
	// (eval.Node.Prepared), which the apply evaluates instead of
	// preparing it again. With ReleaseConfig, only the bodies whose
	// prepared block no longer needs them are dropped
	// (lang.PreparedBlock.Detach): the apply evaluates every other body
	// (data sources read at apply, dynamic or nested blocks).
	CarryPrepared bool
	// SkipRelevantAttributes says that the plan is neither saved nor
	// rendered as JSON, the only readers of its RelevantAttributes: the
	// reference analysis that finds them (a second pass over every
	// changed instance's configuration) is not made, and they stay nil.
	SkipRelevantAttributes bool
	// Early, when set, is what StartEarly began with these options'
	// Config, Vars, Providers and Workspace while the state was read: the
	// plan waits for it and takes up its validations and configured
	// providers instead of doing them again (a plan of another Config
	// waits for it and ignores it).
	Early *Early
	// Evaluated, when set, is called at the end of the plan with the
	// evaluator that holds the planned values (`console -plan`
	// evaluates in it).
	Evaluated func(*eval.Evaluator)
}

// planner is the state of one plan operation.
type planner struct {
	opts  Options
	ev    *eval.Evaluator
	graph *eval.ModuleGraph
	prior *priorObjects

	mu      sync.Mutex
	changes []*plans.ResourceChange
	outputs []*plans.OutputChange
	// pending are the resources with changes, which a data source that
	// depends on one waits for (data.go); nil when the configuration has
	// no data source: then nothing asks, and a large stack's plan does
	// not hold an entry per resource for it.
	pending map[addrs.Resource]bool
	// touched are the configuration addresses of the resources that
	// -refresh=changed read or that change (refresh_changed.go).
	touched map[string]bool
	// targetDeps are the resources the -target resources depend on: they
	// are planned in full, as Terraform does.
	targetDeps map[string]struct{}
	// dependents are the objects a targeted destroy deletes because they
	// depend on a target.
	dependents map[addrs.ResourceInstance]bool
	// handled are the resources of state that a resource node or the
	// untargeted pass planned; planOrphans deletes the others' objects.
	// Resources that state does not hold are not recorded: planOrphans
	// asks only about those it does (a new stack's plan held an entry
	// per resource for nothing).
	handled map[addrs.Resource]bool
	// prevAddrs maps objects moved by moved blocks to their stored
	// addresses; importing maps objects import blocks adopt to their IDs.
	prevAddrs map[addrs.ResourceInstance]addrs.ResourceInstance
	importing map[addrs.ResourceInstance]string
	// working is the stored state with the moved blocks carried out.
	working *state.State
	// exclude is what -exclude leaves out (engine/plan/exclude.go).
	exclude excludeState
	// forcedCBD are the resource node keys that inherit
	// create_before_destroy (engine/plan/cbd.go).
	forcedCBD map[string]bool
	// prep prepares the resource bodies, sharing what their schemas
	// alone decide.
	prep lang.Preparer
}

// withDefaults fills in what o leaves unset: no hook, no log, and a
// parallelism of 10.
func (o Options) withDefaults() Options {
	if o.Hook == nil {
		o.Hook = hook.Nop{}
	}
	if o.Log == nil {
		o.Log = hclog.NewNullLogger()
	}
	if o.Parallelism <= 0 {
		o.Parallelism = 10
	}
	return o
}

// Plan makes a plan. The returned plan is never nil; when diagnostics hold
// errors it is marked Errored and must not be applied.
func Plan(ctx context.Context, opts Options) (*plans.Plan, hcl.Diagnostics) {
	opts = opts.withDefaults()
	stored := opts.State
	if stored == nil {
		stored = state.New()
	}
	var ev *eval.Evaluator
	if e := opts.Early; e != nil {
		e.Wait()
		if e.config == opts.Config {
			// Taken, not shared: the caller keeps e until the run ends, and
			// the plan's evaluator (every planned value, a record per
			// resource) must not stay live through the apply with it.
			ev, e.ev = e.ev, nil
		} else {
			opts.Early = nil // begun for another configuration
		}
	}
	if ev == nil {
		ev = newEvaluator(opts)
	}
	// Those a failed plan opened (a provider block's, before the walk)
	// are closed too.
	defer ev.Ephemerals.Close(context.WithoutCancel(ctx))
	p := &planner{
		opts:      opts,
		ev:        ev,
		handled:   map[addrs.Resource]bool{},
		importing: map[addrs.ResourceInstance]string{},
		working:   stored,
	}
	if hasDataResources(opts.Config) {
		p.pending = map[addrs.Resource]bool{}
	}
	result := &plans.Plan{
		Mode: opts.Mode, Variables: opts.Vars, Commit: opts.Commit, Source: opts.Source, Workspace: opts.Workspace,
		ConfigDir: opts.Config.Module.SourceDir, ConfigSources: opts.Config.Sources(),
		ModuleDirs: opts.Config.ModuleDirs(),
		Timestamp:  time.Now().UTC(),
	}
	result.EphemeralVariables = ephemeralVariablesSet(opts)
	for _, t := range opts.Targets {
		result.Targets = append(result.Targets, t.String())
	}
	for _, t := range opts.Excludes {
		result.Excludes = append(result.Excludes, t.String())
	}
	for _, r := range opts.Replace {
		result.Replace = append(result.Replace, r.String())
	}

	diags := append(partialPlanWarnings(opts), p.run(ctx, stored)...)
	result.Changes, result.Outputs = p.sortedChanges()
	if !diags.HasErrors() {
		if !opts.SkipRelevantAttributes {
			result.RelevantAttributes = p.relevantAttributes(ctx, result.Changes, result.Outputs)
		}
		if p.graph != nil && opts.CarryPrepared && opts.ReleaseConfig && !p.releasesCarriedInWalk() {
			// After the relevant attributes, which read the bodies again.
			for _, n := range p.graph.Nodes {
				p.releaseCarried(n)
			}
		}
		if p.graph != nil {
			result.Checks = p.ev.CheckResults()
			result.ResourceGraph = p.graph.ResourceEdges()
		}
	}
	if p.prior != nil {
		sort.Slice(p.prior.drift, func(i, j int) bool {
			return addrs.CompareResourceInstances(p.prior.drift[i].Addr, p.prior.drift[j].Addr) < 0
		})
		result.Drift = p.prior.drift
		result.Stored, result.Refreshed = p.prior.stored(), int(p.prior.refreshed.Load())
		result.PriorState = p.prior.refreshedState(p.working)
	} else {
		result.PriorState = p.working.DeepCopy()
	}
	result.Errored = diags.HasErrors()
	if opts.Evaluated != nil {
		opts.Evaluated(p.ev)
	}
	return result, diags
}

func (p *planner) run(ctx context.Context, stored *state.State) hcl.Diagnostics {
	var diags hcl.Diagnostics
	var configured eval.Configured
	if e := p.opts.Early; e != nil {
		diags, configured = e.diags, e.configured
	} else {
		diags = validate(ctx, p.opts)
	}
	if diags.HasErrors() {
		return diags
	}
	keys, ds := eval.ProviderKeys(p.opts.Config, stateProviderKeys(p.opts.Config, stored))
	if diags = append(diags, ds...); diags.HasErrors() {
		return diags
	}
	diags = append(diags, eval.ConfigureProvidersAfter(ctx, p.ev, p.opts.Providers, keys, configured)...)
	if diags.HasErrors() {
		return diags
	}

	stored, ds = p.applyMoves(stored)
	p.working = stored
	if diags = append(diags, ds...); diags.HasErrors() {
		return diags
	}
	// A full refresh, or decoding alone with -refresh=false, runs beside
	// the graph's build and walk, each instance planned once its own
	// object is read or decoded (overlapsRefresh); otherwise the walk
	// starts once every object is decoded and read.
	overlap := p.overlapsRefresh()
	refresh := p.startRefresh(ctx, stored, overlap)
	if !overlap {
		ds := refresh.wait()
		diags = append(diags, ds...)
		if diags.HasErrors() {
			return diags
		}
		if p.opts.Mode == plans.DestroyMode {
			if len(p.opts.Excludes) > 0 {
				p.excludeDependencies()
			}
			return append(diags, p.planDestroy(stored)...)
		}
		if p.opts.Mode == plans.NormalMode {
			if diags = append(diags, p.planImports(ctx)...); diags.HasErrors() {
				return diags
			}
		}
	}

	walkGraph, res, walked := p.walk(ctx)
	if overlap {
		// What follows the walk needs every object read: the drift, the
		// orphans, the refreshed prior state.
		ds := refresh.wait()
		if ds.HasErrors() {
			// The plan fails as it did before the walk began: what the
			// walk planned meanwhile is dropped.
			p.mu.Lock()
			p.changes, p.outputs = nil, nil
			p.mu.Unlock()
			return append(diags, ds...)
		}
		diags = append(diags, ds...)
	}
	diags = append(diags, walked...)
	if walkGraph == nil {
		return diags // the graph could not be built
	}
	if err := ctx.Err(); err != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Plan interrupted", Detail: err.Error()})
	} else if err := res.Err(); err != nil && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Plan failed", Detail: err.Error()})
	}
	p.planUntargeted(walkGraph)
	diags = append(diags, p.planOrphans(ctx, stored)...)
	if w := forgetWarning(p.changes); w != nil {
		diags = append(diags, w)
	}
	diags = append(diags, p.planChecks()...)
	return diags
}

// overlapsRefresh reports whether the walk runs while the objects are
// decoded and read: in a full refresh or with -refresh=false, unless what
// precedes the walk needs every object (a destroy plans from them alone;
// import blocks adopt only what state does not hold; -refresh=changed
// reads what the walk finds changed). Planning an instance waits for its
// own object (priorObjects.await); what needs all of them waits for the
// refresh to end.
func (p *planner) overlapsRefresh() bool {
	if p.refreshesChanged() || p.opts.Mode == plans.DestroyMode {
		return false
	}
	for _, c := range p.opts.Config.All() {
		if len(c.Module.Imports) > 0 {
			return false
		}
	}
	return true
}

// walk builds the configuration graph and walks the part of it the plan
// covers, planning each node. It returns the walked graph (nil when the
// graph could not be built), the walk's result and the diagnostics of
// both.
func (p *planner) walk(ctx context.Context) (*graph.Graph[string], *graph.WalkResult[string], hcl.Diagnostics) {
	var g *eval.ModuleGraph
	var diags hcl.Diagnostics
	if p.releasesBeforeWalk() {
		g, diags = eval.BuildPreparedGraph(ctx, p.opts.Config, p.opts.Providers, eval.Preparation{Preparer: &p.prep, Release: true})
	} else {
		g, diags = eval.BuildGraph(ctx, p.opts.Config, p.opts.Providers)
	}
	if diags.HasErrors() {
		return nil, nil, diags
	}
	p.graph = g
	if p.opts.Graph != nil {
		p.opts.Graph(g)
	}
	p.forcedCBD = forcedCreateBeforeDestroy(g)
	walkGraph := g.Graph
	if len(p.opts.Targets) > 0 {
		walkGraph = g.Subgraph(p.targetClosure())
	}
	if len(p.opts.Excludes) > 0 {
		walkGraph = g.Subgraph(p.excludeWalk())
	}
	start := time.Now()
	var walkMu sync.Mutex
	p.ev.Ephemerals.CloseWhenUnused(g, walkGraph)
	res := walkGraph.Walk(ctx, p.opts.Parallelism, func(ctx context.Context, key string) error {
		if p.prior.stopped() {
			return errNodeFailed // the refresh failed: so does the plan
		}
		ds := p.node(ctx, key)
		ds = append(ds, p.ev.Ephemerals.NodeDone(ctx, key, g.Nodes[key])...)
		if len(ds) > 0 {
			walkMu.Lock()
			diags = append(diags, ds...)
			walkMu.Unlock()
		}
		if ds.HasErrors() {
			return errNodeFailed
		}
		return nil
	})
	p.opts.Log.Named("planner").Debug("walked", "nodes", walkGraph.Len(), "elapsed", time.Since(start))
	// The ephemeral resources are closed once nothing more uses them.
	diags = append(diags, p.ev.Ephemerals.Close(ctx)...)
	return walkGraph, res, diags
}

type nodeFailed struct{}

func (nodeFailed) Error() string { return "failed (see diagnostics)" }

var errNodeFailed error = nodeFailed{}

// node plans one graph node: a local, a module variable, an output, a
// module call, a resource or a data source, for every instance of its
// module.
func (p *planner) node(ctx context.Context, key string) hcl.Diagnostics {
	n := p.graph.Nodes[key]
	switch {
	case n == nil:
		return nil // an undeclared reference: reported by validation
	case n.Kind != eval.ResourceNode:
		diags := p.ev.EvalValueNode(n)
		if n.Kind == eval.OutputNode && n.Config.Path.IsRoot() && !diags.HasErrors() {
			p.planOutput(n.Config.Module.Outputs[n.Name])
		}
		return diags
	}
	switch {
	case p.opts.CarryPrepared:
		if p.releasesCarriedInWalk() {
			defer p.releaseCarried(n)
		}
	case p.opts.ReleaseConfig:
		defer n.Resource.ReleaseBody()
	}
	if n.Resource.Mode == addrs.EphemeralResourceMode {
		return p.ev.Ephemerals.Open(ctx, n)
	}
	if n.Resource.Mode == addrs.DataResourceMode {
		if n.Resource.Container != nil {
			return asWarnings(p.planData(ctx, n)) // a check's scoped data source
		}
		return p.planData(ctx, n)
	}
	return p.planResource(ctx, n)
}

// releasesCarriedInWalk reports whether a resource whose prepared body is
// carried to the apply has its parsed body dropped as soon as it is
// planned; when the relevant attributes are to be found, which read every
// changed resource's body after the walk, that waits for them (or each
// would be parsed again).
func (p *planner) releasesCarriedInWalk() bool {
	return p.opts.ReleaseConfig && p.opts.SkipRelevantAttributes
}

// releasesBeforeWalk reports whether the managed resources' bodies are
// prepared with the graph and their parsed bodies dropped then, where
// the prepared blocks no longer need them, instead of each living until
// the walk reaches its resource: when they would be dropped once planned
// anyway, and nothing reads them again but a diagnostic (which parses
// the body again, Resource.Body). A plan whose relevant attributes are
// found and whose prepared bodies the apply takes keeps them to the end.
func (p *planner) releasesBeforeWalk() bool {
	return p.opts.ReleaseConfig && (p.opts.SkipRelevantAttributes || !p.opts.CarryPrepared)
}

// releaseCarried drops the parsed body of n's resource when ReleaseConfig
// is set and the prepared body carried to the apply no longer needs it
// (CarryPrepared). A body the prepared block still reads is kept: the
// apply evaluates it.
func (p *planner) releaseCarried(n *eval.Node) {
	if !p.opts.ReleaseConfig || n.Kind != eval.ResourceNode || n.Prepared == nil {
		return
	}
	res := n.Resource
	if res.IsBodyReleased() {
		return // with the graph (releasesBeforeWalk): detached then
	}
	if n.Prepared.Detach(res.Body) {
		res.ReleaseBody()
	}
}

func (p *planner) addChange(rc *plans.ResourceChange) {
	p.mu.Lock()
	if prev, ok := p.prevAddrs[rc.Addr]; ok && rc.Deposed == "" {
		rc.PrevAddr = prev
	}
	if id, ok := p.importing[rc.Addr]; ok && rc.Deposed == "" {
		rc.Importing = id
		rc.GeneratedConfig = p.opts.GeneratedConfig[rc.Addr]
	}
	p.changes = append(p.changes, rc)
	if p.prior == nil || p.prior.byRes[rc.Addr.Resource] != nil {
		p.handled[rc.Addr.Resource] = true
	}
	if rc.Action != plans.NoOp && p.pending != nil {
		p.pending[rc.Addr.Resource] = true
	}
	p.mu.Unlock()
}

// hasDataResources reports whether cfg or a module it calls has a data
// block (check blocks' included).
func hasDataResources(cfg *config.Config) bool {
	for _, c := range cfg.All() {
		if len(c.Module.DataResources) > 0 {
			return true
		}
	}
	return false
}

func (p *planner) hasPending(deps []addrs.Resource) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range deps {
		if p.pending[d] {
			return true
		}
	}
	return false
}

func (p *planner) sortedChanges() ([]*plans.ResourceChange, []*plans.OutputChange) {
	p.mu.Lock()
	defer p.mu.Unlock()
	slices.SortFunc(p.changes, func(a, b *plans.ResourceChange) int {
		if c := addrs.CompareResourceInstances(a.Addr, b.Addr); c != 0 {
			return c
		}
		return strings.Compare(a.Deposed, b.Deposed)
	})
	sort.Slice(p.outputs, func(i, j int) bool { return p.outputs[i].Name < p.outputs[j].Name })
	return p.changes, p.outputs
}

func stateProviderKeys(cfg *config.Config, s *state.State) []string {
	var keys []string
	for _, r := range s.Resources {
		keys = append(keys, eval.ProviderKeyFromStateIn(cfg, r.Provider))
	}
	return keys
}

// ephemeralVariablesSet names the root variables declared ephemeral that
// have a value other than their default (plans.Plan.EphemeralVariables),
// sorted.
func ephemeralVariablesSet(opts Options) []string {
	var names []string
	for name, decl := range opts.Config.Module.Variables {
		v, ok := opts.Vars[name]
		if !decl.Ephemeral || !ok || (!decl.Required() && v.RawEquals(decl.Default)) {
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
