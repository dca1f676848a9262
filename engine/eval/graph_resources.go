package eval

import "sort"

// ResourceEdges returns the configuration's graph reduced to resources:
// for each resource or data source (by node key, "module.net.aws_vpc.main"),
// the resources it depends on directly, that is through locals, module
// variables, outputs and module calls but not through another resource.
// Every resource has an entry, with no dependencies when it has none. It
// is what the agent's dashboard draws: the JSON plan does not describe
// locals, so an edge that goes only through one cannot be read from it.
func (g *ModuleGraph) ResourceEdges() map[string][]string {
	out := map[string][]string{}
	for _, key := range g.ResourceNodeKeys() {
		deps := g.resourcesReached(key, false)
		sort.Strings(deps)
		out[key] = deps
	}
	return out
}

// resourcesReached walks the graph depth-first from the node key along its
// dependencies and returns the keys of the resource nodes it meets (never
// key itself), each once. The walk goes on through locals, variables,
// outputs and module calls; it goes on through a resource it meets only
// when throughResources is set (state's transitive dependencies), and
// stops there otherwise (the direct resource edges the dashboard draws).
func (g *ModuleGraph) resourcesReached(key string, throughResources bool) []string {
	deps := []string{}
	seen := map[string]bool{key: true}
	stack := g.DependenciesOf(key)
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[k] {
			continue
		}
		seen[k] = true
		if n := g.Nodes[k]; n != nil && n.Kind == ResourceNode {
			deps = append(deps, k)
			if !throughResources {
				continue
			}
		}
		stack = append(stack, g.DependenciesOf(k)...)
	}
	return deps
}
