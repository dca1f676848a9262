package eval

import (
	"context"
	"maps"
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

// NodeKind says what a graph node evaluates.
type NodeKind int

const (
	// LocalNode is a local value.
	LocalNode NodeKind = iota
	// VariableNode is an input variable of a child module, set from its
	// call's argument. Root variables are known before the walk.
	VariableNode
	// OutputNode is an output value.
	OutputNode
	// ModuleCallNode is a module call: it expands count/for_each into the
	// child module's instances.
	ModuleCallNode
	// ResourceNode is a resource or data block.
	ResourceNode
	// ValidationNode checks the validation rules of an input variable
	// (root or child) that name objects other than input variables, once
	// those objects are known (Terraform 1.9 and later).
	ValidationNode
)

// Node is one object of the configuration tree, planned or applied for
// every instance of its module.
type Node struct {
	Kind NodeKind
	// Config is the module the object is declared in; for a module call,
	// the calling module.
	Config *config.Config
	// Name is the local, variable, output or module call name.
	Name string
	// Resource is set for a ResourceNode.
	Resource *config.Resource
	// Prepared is a managed resource's body as the plan prepared it for
	// evaluation (with the graph, BuildPreparedGraph, or when the walk
	// reaches it), carried to the apply that walks the plan's graph in
	// the same process (plan.Options.CarryPrepared) so that it does not
	// prepare the body again; nil otherwise, and once applied.
	Prepared *lang.PreparedBlock
}

// Module returns the static address of the module the node belongs to.
func (n *Node) Module() addrs.Module { return n.Config.Path }

// ModuleGraph is the dependency graph of the whole configuration tree:
// locals, child-module variables, outputs, module calls, resources and
// data sources. Node keys are static addresses as written in
// configuration, prefixed by their module: "local.x",
// "module.net.aws_vpc.main", "module.net.output.id", "module.net" (the
// call). Every node of a child module depends on its module's call node.
type ModuleGraph struct {
	*graph.Graph[string]
	// Nodes maps node keys to what they evaluate.
	Nodes map[string]*Node
}

// Node key prefixes for non-resource nodes.
const (
	localPrefix    = "local."
	variablePrefix = "var."
	outputPrefix   = "output."
	// validationSuffix follows a variable's key in the key of its
	// validation node: "var.name (validation)".
	validationSuffix = " (validation)"
)

// LocalKey returns the node key of a local value of the root module.
func LocalKey(name string) string { return localPrefix + name }

// OutputKey returns the node key of an output of the root module.
func OutputKey(name string) string { return outputPrefix + name }

// ResourceKey returns the node key of an absolute resource address: its
// static module path and its address within the module.
func ResourceKey(r addrs.Resource) string {
	return r.Module.Module().Prefix() + r.Local().String()
}

// StaticResource returns the resource's address with its module's
// instance keys dropped: the address that names it in configuration and
// in state dependencies.
func StaticResource(r addrs.Resource) addrs.Resource {
	return r.Local().InModule(r.Module.Module().UnkeyedInstance())
}

// BuildGraph builds the dependency graph of the configuration tree from
// the references in its expressions and depends_on. Resource bodies are
// scanned with their schemas where the provider knows the type. A cycle
// is reported as a diagnostic naming every address in it.
func BuildGraph(ctx context.Context, root *config.Config, provs *Providers) (*ModuleGraph, hcl.Diagnostics) {
	provs.SetConfig(root)
	return buildGraph(ctx, root, provs, nil)
}

// buildGraph builds the graph; prepared holds the managed resources'
// prepared bodies (BuildPreparedGraph), nil for none.
func buildGraph(ctx context.Context, root *config.Config, provs *Providers, prepared map[*config.Resource]*lang.PreparedBlock) (*ModuleGraph, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	g := &ModuleGraph{Graph: graph.New[string](), Nodes: map[string]*Node{}}
	for _, c := range root.All() {
		diags = append(diags, g.addModule(ctx, c, provs, prepared)...)
	}
	for _, cycle := range g.Cycles() {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Cycle in configuration",
			Detail:   "Cycle: " + strings.Join(cycle, ", ") + ". Each of these refers to the next, so none can be evaluated first; break the cycle by removing one of the references.",
			Subject:  g.declRange(cycle[0]),
		})
	}
	return g, diags
}

// addModule adds the nodes of one module and their edges.
func (g *ModuleGraph) addModule(ctx context.Context, c *config.Config, provs *Providers, prepared map[*config.Resource]*lang.PreparedBlock) hcl.Diagnostics {
	var diags hcl.Diagnostics
	mod, prefix := c.Module, c.Path.Prefix()
	add := func(key string, n *Node) {
		g.Add(key)
		g.Nodes[key] = n
		if c.Call != nil {
			g.Connect(key, c.Path.String())
		}
	}
	for name, l := range mod.Locals {
		key := prefix + LocalKey(name)
		add(key, &Node{Kind: LocalNode, Config: c, Name: name})
		diags = append(diags, g.connectExpr(key, c, l.Expr)...)
	}
	if c.Call != nil {
		args, _ := c.Call.Config.JustAttributes()
		for name := range mod.Variables {
			key := prefix + variablePrefix + name
			add(key, &Node{Kind: VariableNode, Config: c, Name: name})
			if a, ok := args[name]; ok {
				diags = append(diags, g.connectExpr(key, c.Parent, a.Expr)...)
			}
			diags = append(diags, g.connectValidations(key, c, mod.Variables[name])...)
		}
	}
	for name, v := range mod.Variables {
		if !v.HasObjectValidations() {
			continue
		}
		key := prefix + variablePrefix + name + validationSuffix
		add(key, &Node{Kind: ValidationNode, Config: c, Name: name})
		diags = append(diags, g.connectConditions(key, c, v.Validations)...)
		if c.Call != nil {
			g.Connect(key, prefix+variablePrefix+name)
		}
	}
	for _, res := range AllResources(mod) {
		key := prefix + res.Addr().String()
		n := &Node{Kind: ResourceNode, Config: c, Resource: res}
		add(key, n)
		var refs []*addrs.Reference
		var ds hcl.Diagnostics
		if pb := prepared[res]; pb != nil {
			n.Prepared = pb
			refs, ds = pb.References()
		} else {
			var block *schema.Block
			if rs, err := provs.ResourceSchema(ctx, moduleResourceKey(c, res), res.Addr()); err == nil && rs != nil {
				block = rs.Block
			}
			if res.IsBodyReleased() {
				// Its references are gone with it: the internal error, not a
				// graph without them (the walk of a released body sees none).
				_, ds := res.Config.JustAttributes()
				diags = append(diags, ds...)
			}
			refs, ds = lang.ReferencesInBlock(res.Config, block)
		}
		diags = append(diags, ds...)
		g.connectRefs(key, c, refs)
		refs, ds = provisionerReferences(res)
		diags = append(diags, ds...)
		g.connectRefs(key, c, refs)
		diags = append(diags, g.connectExpr(key, c, res.Count, res.ForEach)...)
		diags = append(diags, g.connectDependsOn(key, c, res.DependsOn)...)
		diags = append(diags, g.connectLifecycle(key, c, res)...)
	}
	for name, o := range mod.Outputs {
		key := prefix + OutputKey(name)
		add(key, &Node{Kind: OutputNode, Config: c, Name: name})
		diags = append(diags, g.connectExpr(key, c, o.Expr)...)
		diags = append(diags, g.connectDependsOn(key, c, o.DependsOn)...)
		diags = append(diags, g.connectConditions(key, c, o.Preconditions)...)
	}
	for name, call := range mod.ModuleCalls {
		if c.Children[name] == nil {
			continue // not loaded: reported by the loader
		}
		key := c.Path.Child(name).String()
		add(key, &Node{Kind: ModuleCallNode, Config: c, Name: name})
		diags = append(diags, g.connectExpr(key, c, call.Count, call.ForEach)...)
		diags = append(diags, g.connectDependsOn(key, c, call.DependsOn)...)
	}
	return diags
}

func (g *ModuleGraph) connectExpr(from string, c *config.Config, exprs ...hcl.Expression) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, expr := range exprs {
		if expr == nil {
			continue
		}
		refs, ds := lang.ReferencesInExpr(expr)
		diags = append(diags, ds...)
		g.connectRefs(from, c, refs)
	}
	return diags
}

// connectRefs adds edges from a node of module c to what refs name in c.
// A self-reference becomes a self-loop: a cycle of one.
func (g *ModuleGraph) connectRefs(from string, c *config.Config, refs []*addrs.Reference) {
	for _, ref := range refs {
		for _, to := range refNodeKeys(c, ref.Subject) {
			g.Connect(from, to)
		}
	}
}

// refNodeKeys returns the node keys a subject referred to in module c
// resolves to: none for subjects known before the walk (root variables,
// count, each, path); every output of a module call and the call itself.
func refNodeKeys(c *config.Config, s addrs.Referenceable) []string {
	prefix := c.Path.Prefix()
	switch s := s.(type) {
	case addrs.LocalValue:
		return []string{prefix + LocalKey(s.Name)}
	case addrs.InputVariable:
		if c.Call != nil {
			return []string{prefix + variablePrefix + s.Name}
		}
	case addrs.Resource:
		return []string{prefix + s.String()}
	case addrs.ResourceInstance:
		return []string{prefix + s.Resource.String()}
	case addrs.ModuleCall:
		child := c.Children[s.Name]
		if child == nil {
			return nil
		}
		keys := []string{child.Path.String()}
		for _, name := range slices.Sorted(maps.Keys(child.Module.Outputs)) {
			keys = append(keys, child.Path.Prefix()+OutputKey(name))
		}
		return keys
	}
	return nil
}

// connectDependsOn adds the edges of depends_on: to a resource, or to
// every object of a called module.
func (g *ModuleGraph) connectDependsOn(from string, c *config.Config, trs []hcl.Traversal) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, tr := range trs {
		ref, ds := addrs.ParseRef(tr)
		diags = append(diags, ds...)
		if ref == nil {
			continue
		}
		if mc, ok := ref.Subject.(addrs.ModuleCall); ok {
			if child := c.Children[mc.Name]; child != nil {
				g.dependsOnModule(from, child)
			}
			continue
		}
		for _, to := range refNodeKeys(c, ref.Subject) {
			g.Connect(from, to)
		}
	}
	return diags
}

// dependsOnModule makes from wait for every node of module child and its
// descendants. Nodes are added module by module, parents first: Connect
// adds the child's nodes ahead of their own module.
func (g *ModuleGraph) dependsOnModule(from string, child *config.Config) {
	for _, m := range child.All() {
		g.Connect(from, m.Path.String())
		for _, name := range slices.Sorted(maps.Keys(m.Module.Locals)) {
			g.Connect(from, m.Path.Prefix()+LocalKey(name))
		}
		for _, name := range slices.Sorted(maps.Keys(m.Module.Outputs)) {
			g.Connect(from, m.Path.Prefix()+OutputKey(name))
		}
		for _, res := range AllResources(m.Module) {
			g.Connect(from, m.Path.Prefix()+res.Addr().String())
		}
	}
}

// declRange returns the declaration range of the block a node key names,
// or nil when there is none.
func (g *ModuleGraph) declRange(key string) *hcl.Range {
	n := g.Nodes[key]
	if n == nil {
		return nil
	}
	var rng hcl.Range
	switch n.Kind {
	case ResourceNode:
		rng = n.Resource.DeclRange
	case LocalNode:
		rng = n.Config.Module.Locals[n.Name].DeclRange
	case OutputNode:
		rng = n.Config.Module.Outputs[n.Name].DeclRange
	case VariableNode, ValidationNode:
		rng = n.Config.Module.Variables[n.Name].DeclRange
	case ModuleCallNode:
		rng = n.Config.Module.ModuleCalls[n.Name].DeclRange
	}
	return &rng
}

// ResourceNodeKeys returns the keys of the resource nodes, sorted.
func (g *ModuleGraph) ResourceNodeKeys() []string {
	var out []string
	for k, n := range g.Nodes {
		if n.Kind == ResourceNode {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// ResourceDependencies returns the resources that the node key depends on
// directly or through locals, variables, outputs, module calls and other
// resources: what state records as its dependencies, sorted, nil for none.
// As in Terraform the list is transitive, so that destroy order stays
// right when a resource in the middle of a chain stays; addresses are
// static (module instance keys dropped).
//
// They are the resources' node keys, which are their static addresses as
// state writes them: the strings are the graph's, not copies. A plan
// holds one list per resource for its whole walk and the apply after it,
// and the state the apply writes holds the same lists: as addresses (three
// strings each) they were a quarter of a megabyte per thousand resources
// of chains of ten, formatted again into names for the state.
func (g *ModuleGraph) ResourceDependencies(key string) []string {
	reached := g.resourcesReached(key, true)
	if len(reached) == 0 {
		return nil
	}
	out := slices.Clone(reached) // exactly its length: held for the run
	slices.Sort(out)
	return out
}

// AllResources returns the module's managed, data and ephemeral resources
// sorted by address.
func AllResources(mod *config.Module) []*config.Resource {
	type keyed struct {
		key string
		res *config.Resource
	}
	list := make([]keyed, 0, len(mod.ManagedResources)+len(mod.DataResources)+len(mod.EphemeralResources))
	for _, rs := range mod.ResourceTables() {
		for _, r := range rs {
			list = append(list, keyed{r.Addr().String(), r})
		}
	}
	slices.SortFunc(list, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	out := make([]*config.Resource, len(list))
	for i, k := range list {
		out[i] = k.res
	}
	return out
}
