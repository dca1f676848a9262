package plan

import (
	"context"
	"maps"
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
	"github.com/zclconf/go-cty/cty"
)

// Options configure one plan.
type Options struct {
	Module *config.Module
	// Vars are the finalized root variable values (unmarked).
	Vars map[string]cty.Value
	// State is the stored state, nil when there is none yet.
	State     *state.State
	Providers *eval.Providers
	Mode      plans.Mode
	Targets   []addrs.Target
	Replace   []addrs.ResourceInstance
	// SkipRefresh is -refresh=false.
	SkipRefresh bool
	Parallelism int
	Hook        hook.Hook
	Log         hclog.Logger
	Commit      string
	Source      string
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
	pending map[addrs.Resource]bool
	// targetDeps are the resources the -target resources depend on: they
	// are planned in full, as Terraform does.
	targetDeps map[string]struct{}
	// dependents are the objects a targeted destroy deletes because they
	// depend on a target.
	dependents map[addrs.ResourceInstance]bool
}

// Plan makes a plan. The returned plan is never nil; when diagnostics hold
// errors it is marked Errored and must not be applied.
func Plan(ctx context.Context, opts Options) (*plans.Plan, hcl.Diagnostics) {
	if opts.Hook == nil {
		opts.Hook = hook.Nop{}
	}
	if opts.Log == nil {
		opts.Log = hclog.NewNullLogger()
	}
	if opts.Parallelism <= 0 {
		opts.Parallelism = 10
	}
	stored := opts.State
	if stored == nil {
		stored = state.New()
	}
	p := &planner{
		opts:    opts,
		ev:      eval.NewEvaluator(opts.Module, eval.MarkVariables(opts.Module, opts.Vars), true),
		pending: map[addrs.Resource]bool{},
	}
	result := &plans.Plan{
		Mode: opts.Mode, Variables: opts.Vars, Commit: opts.Commit, Source: opts.Source,
		ConfigDir: opts.Module.SourceDir, ConfigSources: opts.Module.Sources,
		Timestamp: time.Now().UTC(),
	}
	for _, t := range opts.Targets {
		result.Targets = append(result.Targets, t.String())
	}
	for _, r := range opts.Replace {
		result.Replace = append(result.Replace, r.String())
	}

	diags := p.run(ctx, stored)
	result.Changes, result.Outputs = p.sortedChanges()
	if p.prior != nil {
		result.Drift = p.prior.drift
		result.PriorState = p.prior.refreshedState(stored)
	} else {
		result.PriorState = stored.DeepCopy()
	}
	result.Errored = diags.HasErrors()
	return result, diags
}

func (p *planner) run(ctx context.Context, stored *state.State) hcl.Diagnostics {
	var diags hcl.Diagnostics
	log := p.opts.Log.Named("planner")

	diags = append(diags, lang.ValidateReferences(p.opts.Module)...)
	diags = append(diags, eval.ValidateResourceTypes(ctx, p.opts.Module, p.opts.Providers)...)
	if diags.HasErrors() {
		return diags
	}
	keys := eval.ProviderKeys(p.opts.Module, stateProviderKeys(stored))
	diags = append(diags, eval.ConfigureProviders(ctx, p.ev, p.opts.Providers, keys)...)
	if diags.HasErrors() {
		return diags
	}

	start := time.Now()
	prior, ds := p.refresh(ctx, stored)
	diags = append(diags, ds...)
	p.prior = prior
	log.Debug("refreshed", "objects", len(prior.objects), "drifted", len(prior.drift), "elapsed", time.Since(start))
	if diags.HasErrors() {
		return diags
	}

	if p.opts.Mode == plans.DestroyMode {
		return append(diags, p.planDestroy(stored)...)
	}

	g, ds := eval.BuildGraph(ctx, p.opts.Module, p.opts.Providers)
	diags = append(diags, ds...)
	if diags.HasErrors() {
		return diags
	}
	p.graph = g
	walkGraph := g.Graph
	if len(p.opts.Targets) > 0 {
		walkGraph = g.Subgraph(p.targetClosure())
	}
	start = time.Now()
	var walkMu sync.Mutex
	res := walkGraph.Walk(ctx, p.opts.Parallelism, func(ctx context.Context, key string) error {
		ds := p.node(ctx, key)
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
	log.Debug("walked", "nodes", walkGraph.Len(), "elapsed", time.Since(start))
	if err := ctx.Err(); err != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Plan interrupted", Detail: err.Error()})
	} else if err := res.Err(); err != nil && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Plan failed", Detail: err.Error()})
	}
	p.planUntargeted(walkGraph)
	diags = append(diags, p.planOrphans(stored)...)
	return diags
}

type nodeFailed struct{}

func (nodeFailed) Error() string { return "failed (see diagnostics)" }

var errNodeFailed error = nodeFailed{}

// node plans one graph node: a local, a resource, a data source or an
// output.
func (p *planner) node(ctx context.Context, key string) hcl.Diagnostics {
	switch {
	case strings.HasPrefix(key, "local."):
		l := p.opts.Module.Locals[strings.TrimPrefix(key, "local.")]
		v, diags := p.ev.Scope().EvalExpr(l.Expr, cty.DynamicPseudoType)
		p.ev.SetLocal(l.Name, v)
		return diags
	case strings.HasPrefix(key, "output."):
		return p.planOutput(p.opts.Module.Outputs[strings.TrimPrefix(key, "output.")])
	}
	res := p.graph.Resources[key]
	if res.Mode == addrs.DataResourceMode {
		return p.planData(ctx, res)
	}
	return p.planResource(ctx, res)
}

func (p *planner) addChange(rc *plans.ResourceChange) {
	p.mu.Lock()
	p.changes = append(p.changes, rc)
	if rc.Action != plans.NoOp {
		p.pending[rc.Addr.Resource] = true
	}
	p.mu.Unlock()
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
	keys := make(map[*plans.ResourceChange]string, len(p.changes))
	for _, rc := range p.changes {
		keys[rc] = rc.Addr.String() + "\x00" + rc.Deposed
	}
	slices.SortFunc(p.changes, func(a, b *plans.ResourceChange) int { return strings.Compare(keys[a], keys[b]) })
	sort.Slice(p.outputs, func(i, j int) bool { return p.outputs[i].Name < p.outputs[j].Name })
	return p.changes, p.outputs
}

// targetClosure returns the graph nodes -target selects: the targeted
// resources and everything they depend on.
func (p *planner) targetClosure() map[string]struct{} {
	var roots []string
	for _, t := range p.opts.Targets {
		roots = append(roots, t.Resource().String())
	}
	keep := p.graph.Ancestors(roots...)
	p.targetDeps = maps.Clone(keep)
	for _, r := range roots {
		keep[r] = struct{}{}
	}
	return keep
}

func (p *planner) targeted(ri addrs.ResourceInstance) bool {
	if len(p.opts.Targets) == 0 {
		return true
	}
	for _, t := range p.opts.Targets {
		if t.Contains(ri) {
			return true
		}
	}
	_, dep := p.targetDeps[ri.Resource.String()]
	return dep || p.dependents[ri]
}

func (p *planner) replaceRequested(ri addrs.ResourceInstance) bool {
	for _, r := range p.opts.Replace {
		if r == ri {
			return true
		}
	}
	return false
}

func stateProviderKeys(s *state.State) []string {
	var keys []string
	for _, r := range s.Resources {
		keys = append(keys, eval.ProviderKeyFromState(r.Provider))
	}
	return keys
}
