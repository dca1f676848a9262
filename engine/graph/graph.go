package graph

import (
	"cmp"
	"maps"
	"slices"
)

// Graph is a directed graph whose nodes are keys of type K. An edge from a
// node to another means the first depends on the second.
type Graph[K cmp.Ordered] struct {
	nodes map[K]*node[K]
}

// node is one node's edges: its direct dependencies and its direct
// dependents.
type node[K cmp.Ordered] struct {
	deps, rdeps edges[K]
}

// New returns an empty graph.
func New[K cmp.Ordered]() *Graph[K] {
	return &Graph[K]{nodes: make(map[K]*node[K])}
}

// Add adds node k. Adding a node that exists already does nothing.
func (g *Graph[K]) Add(k K) { g.add(k) }

func (g *Graph[K]) add(k K) *node[K] {
	n := g.nodes[k]
	if n == nil {
		n = &node[K]{}
		g.nodes[k] = n
	}
	return n
}

// Connect records that from depends on to, so to runs before from. Missing
// nodes are added. Connecting a node to itself makes a cycle that Validate
// reports.
func (g *Graph[K]) Connect(from, to K) {
	f, t := g.add(from), g.add(to)
	if f.deps.add(to) {
		t.rdeps.add(from)
	}
}

// Has reports whether k is a node of the graph.
func (g *Graph[K]) Has(k K) bool {
	_, ok := g.nodes[k]
	return ok
}

// Len returns the number of nodes.
func (g *Graph[K]) Len() int { return len(g.nodes) }

// Nodes returns every node, sorted.
func (g *Graph[K]) Nodes() []K { return slices.Sorted(maps.Keys(g.nodes)) }

// DependenciesOf returns the direct dependencies of k, sorted; nil when k has
// none or is not in the graph.
func (g *Graph[K]) DependenciesOf(k K) []K {
	if n := g.nodes[k]; n != nil {
		return n.deps.sorted()
	}
	return nil
}

// DependentsOf returns the nodes that depend directly on k, sorted; nil when
// there are none or k is not in the graph.
func (g *Graph[K]) DependentsOf(k K) []K {
	if n := g.nodes[k]; n != nil {
		return n.rdeps.sorted()
	}
	return nil
}

// Ancestors returns every node that any of ks depends on, directly or
// transitively (what must exist for ks to be applied, as -target needs).
// The nodes ks themselves are included only when another of ks, or a cycle,
// leads to them. Unknown keys are ignored.
func (g *Graph[K]) Ancestors(ks ...K) map[K]struct{} {
	return g.reach(ks, func(n *node[K]) *edges[K] { return &n.deps })
}

// Descendants returns every node that depends on any of ks, directly or
// transitively (what a failure or replacement of ks affects). The nodes ks
// themselves are included only when another of ks, or a cycle, leads to
// them. Unknown keys are ignored.
func (g *Graph[K]) Descendants(ks ...K) map[K]struct{} {
	return g.reach(ks, func(n *node[K]) *edges[K] { return &n.rdeps })
}

// Remove deletes node k and every edge to or from it. Removing a node that
// is not in the graph does nothing.
func (g *Graph[K]) Remove(k K) {
	n := g.nodes[k]
	if n == nil {
		return
	}
	for d := range n.deps.all() {
		if d != k {
			g.nodes[d].rdeps.remove(k)
		}
	}
	for d := range n.rdeps.all() {
		if d != k {
			g.nodes[d].deps.remove(k)
		}
	}
	delete(g.nodes, k)
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
	for k := range s.nodes {
		for d := range g.nodes[k].deps.all() {
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
	for k, n := range g.nodes {
		r.Add(k)
		for d := range n.deps.all() {
			r.Connect(d, k)
		}
	}
	return r
}

// reach returns the nodes reachable from starts by one or more edges of
// the kind adj picks.
func (g *Graph[K]) reach(starts []K, adj func(*node[K]) *edges[K]) map[K]struct{} {
	seen := make(map[K]struct{})
	var queue []K
	visit := func(k K) {
		n := g.nodes[k]
		if n == nil {
			return
		}
		for d := range adj(n).all() {
			if _, ok := seen[d]; !ok {
				seen[d] = struct{}{}
				queue = append(queue, d)
			}
		}
	}
	for _, k := range starts {
		visit(k)
	}
	for len(queue) > 0 {
		k := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		visit(k)
	}
	return seen
}
