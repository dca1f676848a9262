package eval

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/graph"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/schema"
)

// ModuleGraph is the dependency graph of a module's locals, resources, data
// sources and outputs. Node keys are their addresses as written in
// configuration: "local.x", "aws_s3_bucket.b", "data.x.y", "output.o".
// Input variables are known before the walk and are not nodes.
type ModuleGraph struct {
	*graph.Graph[string]
	// Resources maps resource node keys to their blocks.
	Resources map[string]*config.Resource
}

// Node key prefixes for non-resource nodes.
const (
	localPrefix  = "local."
	outputPrefix = "output."
)

// LocalKey returns the node key of a local value.
func LocalKey(name string) string { return localPrefix + name }

// OutputKey returns the node key of an output.
func OutputKey(name string) string { return outputPrefix + name }

// BuildGraph builds the module's dependency graph from the references in
// its expressions and depends_on. Resource bodies are scanned with their
// schemas where the provider knows the type. A cycle is reported as a
// diagnostic naming every address in it.
func BuildGraph(ctx context.Context, mod *config.Module, provs *Providers) (*ModuleGraph, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	g := &ModuleGraph{Graph: graph.New[string](), Resources: map[string]*config.Resource{}}

	for name, l := range mod.Locals {
		key := LocalKey(name)
		g.Add(key)
		refs, ds := lang.ReferencesInExpr(l.Expr)
		diags = append(diags, ds...)
		g.connectRefs(key, refs)
	}
	for _, res := range AllResources(mod) {
		key := res.Addr().String()
		g.Add(key)
		g.Resources[key] = res
		var block *schema.Block
		if rs, err := provs.ResourceSchema(ctx, res.ProviderKey(), res.Addr()); err == nil && rs != nil {
			block = rs.Block
		}
		refs, ds := lang.ReferencesInBlock(res.Config, block)
		diags = append(diags, ds...)
		g.connectRefs(key, refs)
		for _, expr := range []hcl.Expression{res.Count, res.ForEach} {
			if expr != nil {
				refs, ds := lang.ReferencesInExpr(expr)
				diags = append(diags, ds...)
				g.connectRefs(key, refs)
			}
		}
		diags = append(diags, g.connectDependsOn(key, res.DependsOn)...)
	}
	for name, o := range mod.Outputs {
		key := OutputKey(name)
		g.Add(key)
		refs, ds := lang.ReferencesInExpr(o.Expr)
		diags = append(diags, ds...)
		g.connectRefs(key, refs)
		diags = append(diags, g.connectDependsOn(key, o.DependsOn)...)
	}
	for _, cycle := range g.Cycles() {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Cycle in configuration",
			Detail:   "Cycle: " + strings.Join(cycle, ", ") + ". Each of these refers to the next, so none can be evaluated first; break the cycle by removing one of the references.",
			Subject:  g.declRange(mod, cycle[0]),
		})
	}
	return g, diags
}

// declRange returns the declaration range of the block a node key names,
// or nil when there is none.
func (g *ModuleGraph) declRange(mod *config.Module, key string) *hcl.Range {
	var rng hcl.Range
	switch {
	case g.Resources[key] != nil:
		rng = g.Resources[key].DeclRange
	case strings.HasPrefix(key, localPrefix) && mod.Locals[strings.TrimPrefix(key, localPrefix)] != nil:
		rng = mod.Locals[strings.TrimPrefix(key, localPrefix)].DeclRange
	case strings.HasPrefix(key, outputPrefix) && mod.Outputs[strings.TrimPrefix(key, outputPrefix)] != nil:
		rng = mod.Outputs[strings.TrimPrefix(key, outputPrefix)].DeclRange
	default:
		return nil
	}
	return &rng
}

func (g *ModuleGraph) connectRefs(from string, refs []*addrs.Reference) {
	for _, ref := range refs {
		// A self-reference becomes a self-loop: a cycle of one.
		if to := RefNodeKey(ref.Subject); to != "" {
			g.Connect(from, to)
		}
	}
}

func (g *ModuleGraph) connectDependsOn(from string, trs []hcl.Traversal) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, tr := range trs {
		ref, ds := addrs.ParseRef(tr)
		diags = append(diags, ds...)
		if ref != nil {
			if to := RefNodeKey(ref.Subject); to != "" {
				g.Connect(from, to)
			}
		}
	}
	return diags
}

// RefNodeKey returns the node key a referenced subject resolves to, or ""
// for subjects known before the walk (variables, count, each, path).
func RefNodeKey(s addrs.Referenceable) string {
	switch s := s.(type) {
	case addrs.LocalValue:
		return LocalKey(s.Name)
	case addrs.Resource:
		return s.String()
	case addrs.ResourceInstance:
		return s.Resource.String()
	}
	return ""
}

// ResourceDependencies returns the resources that the node key depends on
// directly or through locals: what state records as its dependencies.
func (g *ModuleGraph) ResourceDependencies(key string) []addrs.Resource {
	seen := map[string]bool{key: true}
	var out []addrs.Resource
	stack := g.DependenciesOf(key)
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[k] {
			continue
		}
		seen[k] = true
		if res, ok := g.Resources[k]; ok {
			out = append(out, res.Addr())
			continue
		}
		stack = append(stack, g.DependenciesOf(k)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// AllResources returns the module's managed and data resources sorted by
// address.
func AllResources(mod *config.Module) []*config.Resource {
	type keyed struct {
		key string
		res *config.Resource
	}
	list := make([]keyed, 0, len(mod.ManagedResources)+len(mod.DataResources))
	for _, r := range mod.ManagedResources {
		list = append(list, keyed{r.Addr().String(), r})
	}
	for _, r := range mod.DataResources {
		list = append(list, keyed{r.Addr().String(), r})
	}
	slices.SortFunc(list, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	out := make([]*config.Resource, len(list))
	for i, k := range list {
		out[i] = k.res
	}
	return out
}
