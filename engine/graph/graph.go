package graph

import (
	"cmp"
	"maps"
	"slices"
)

// Graph is a directed graph whose nodes are keys of type K. An edge from a
// node to another means the first depends on the second.
type Graph[K cmp.Ordered] struct {
	deps  map[K]map[K]struct{} // node → its direct dependencies
	rdeps map[K]map[K]struct{} // node → its direct dependents
}

// New returns an empty graph.
func New[K cmp.Ordered]() *Graph[K] {
	return &Graph[K]{
		deps:  make(map[K]map[K]struct{}),
		rdeps: make(map[K]map[K]struct{}),
	}
}

// Add adds node k. Adding a node that exists already does nothing.
func (g *Graph[K]) Add(k K) {
	if _, ok := g.deps[k]; ok {
		return
	}
	g.deps[k] = make(map[K]struct{})
	g.rdeps[k] = make(map[K]struct{})
}

// Connect records that from depends on to, so to runs before from. Missing
// nodes are added. Connecting a node to itself makes a cycle that Validate
// reports.
func (g *Graph[K]) Connect(from, to K) {
	g.Add(from)
	g.Add(to)
	g.deps[from][to] = struct{}{}
	g.rdeps[to][from] = struct{}{}
}

// Has reports whether k is a node of the graph.
func (g *Graph[K]) Has(k K) bool {
	_, ok := g.deps[k]
	return ok
}

// Len returns the number of nodes.
func (g *Graph[K]) Len() int { return len(g.deps) }

// Nodes returns every node, sorted.
func (g *Graph[K]) Nodes() []K { return slices.Sorted(maps.Keys(g.deps)) }

// DependenciesOf returns the direct dependencies of k, sorted; nil when k has
// none or is not in the graph.
func (g *Graph[K]) DependenciesOf(k K) []K { return sortedSet(g.deps[k]) }

// DependentsOf returns the nodes that depend directly on k, sorted; nil when
// there are none or k is not in the graph.
func (g *Graph[K]) DependentsOf(k K) []K { return sortedSet(g.rdeps[k]) }

// Ancestors returns every node that any of ks depends on, directly or
// transitively (what must exist for ks to be applied, as -target needs).
// The nodes ks themselves are included only when another of ks, or a cycle,
// leads to them. Unknown keys are ignored.
func (g *Graph[K]) Ancestors(ks ...K) map[K]struct{} { return reach(g.deps, ks) }

// Descendants returns every node that depends on any of ks, directly or
// transitively (what a failure or replacement of ks affects). The nodes ks
// themselves are included only when another of ks, or a cycle, leads to
// them. Unknown keys are ignored.
func (g *Graph[K]) Descendants(ks ...K) map[K]struct{} { return reach(g.rdeps, ks) }

// Remove deletes node k and every edge to or from it. Removing a node that
// is not in the graph does nothing.
func (g *Graph[K]) Remove(k K) {
	for d := range g.deps[k] {
		delete(g.rdeps[d], k)
	}
	for d := range g.rdeps[k] {
		delete(g.deps[d], k)
	}
	delete(g.deps, k)
	delete(g.rdeps, k)
}

// Subgraph returns a new graph holding the nodes of g that are in keep and
// the edges of g between them. Keys of keep that are not in g are ignored.
func (g *Graph[K]) Subgraph(keep map[K]struct{}) *Graph[K] {
	s := New[K]()
	for k := range keep {
		if g.Has(k) {
			s.Add(k)
		}
	}
	for k := range s.deps {
		for d := range g.deps[k] {
			if s.Has(d) {
				s.Connect(k, d)
			}
		}
	}
	return s
}

// Reverse returns a new graph with the same nodes and every edge turned
// around: walking it visits dependents before their dependencies, the order
// in which objects are destroyed.
func (g *Graph[K]) Reverse() *Graph[K] {
	r := New[K]()
	for k, deps := range g.deps {
		r.Add(k)
		for d := range deps {
			r.Connect(d, k)
		}
	}
	return r
}

// reach returns the nodes reachable from starts by one or more edges of adj.
func reach[K cmp.Ordered](adj map[K]map[K]struct{}, starts []K) map[K]struct{} {
	seen := make(map[K]struct{})
	var queue []K
	for _, k := range starts {
		for n := range adj[k] {
			if _, ok := seen[n]; !ok {
				seen[n] = struct{}{}
				queue = append(queue, n)
			}
		}
	}
	for len(queue) > 0 {
		k := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for n := range adj[k] {
			if _, ok := seen[n]; !ok {
				seen[n] = struct{}{}
				queue = append(queue, n)
			}
		}
	}
	return seen
}

func sortedSet[K cmp.Ordered](set map[K]struct{}) []K {
	if len(set) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(set))
}
