package graph

import (
	"cmp"
	"slices"
)

// indexed is a frozen copy of a graph in which nodes are numbered in sorted
// key order, so that algorithms work on slices instead of maps and sorting
// by index is sorting by key.
type indexed[K cmp.Ordered] struct {
	keys  []K
	deps  adjacency // sorted direct dependencies of each node
	rdeps adjacency // sorted direct dependents of each node
}

// adjacency holds each node's edges, by node index, in one slice: node
// i's are to[off[i]:off[i+1]]. A slice per node, as it was, cost two
// allocations per node of a walk's graph (200,000 at 100,000 resources),
// each a pointer for the collector to follow while the walk runs; these
// two slices hold none.
type adjacency struct {
	off, to []int
}

// of returns node i's edges, sorted. The caller must not append to them.
func (a adjacency) of(i int) []int {
	return a.to[a.off[i]:a.off[i+1]:a.off[i+1]]
}

func (g *Graph[K]) index() *indexed[K] {
	keys := g.Nodes()
	pos := make(map[K]int, len(keys))
	for i, k := range keys {
		pos[k] = i
	}
	nodes := make([]*node[K], len(keys))
	for i, k := range keys {
		nodes[i] = g.nodes[k]
	}
	return &indexed[K]{
		keys:  keys,
		deps:  adjacencyOf(nodes, pos, func(n *node[K]) *edges[K] { return &n.deps }),
		rdeps: adjacencyOf(nodes, pos, func(n *node[K]) *edges[K] { return &n.rdeps }),
	}
}

// adjacencyOf returns the edges that set picks of each of nodes, as
// indices (pos).
func adjacencyOf[K cmp.Ordered](nodes []*node[K], pos map[K]int, set func(*node[K]) *edges[K]) adjacency {
	off := make([]int, len(nodes)+1)
	total := 0
	for i, n := range nodes {
		off[i] = total
		total += set(n).len()
	}
	off[len(nodes)] = total
	to := make([]int, total)
	for i, n := range nodes {
		out := to[off[i]:off[i]:off[i+1]]
		for k := range set(n).all() {
			out = append(out, pos[k])
		}
		slices.Sort(out)
	}
	return adjacency{off: off, to: to}
}

// minHeap is a priority queue of node indices, smallest (first key) first.
// It sifts ints itself rather than through container/heap, whose any
// arguments cost an allocation for every push and pop (two per node of a
// walk).
type minHeap []int

// Len returns how many indices are queued.
func (h minHeap) Len() int { return len(h) }

func (h *minHeap) push(i int) {
	*h = append(*h, i)
	q := *h
	for j := len(q) - 1; j > 0; {
		parent := (j - 1) / 2
		if q[parent] <= q[j] {
			break
		}
		q[parent], q[j] = q[j], q[parent]
		j = parent
	}
}

func (h *minHeap) pop() int {
	q := *h
	top, last := q[0], len(q)-1
	q[0] = q[last]
	q = q[:last]
	for j := 0; ; {
		small, l, r := j, 2*j+1, 2*j+2
		if l < len(q) && q[l] < q[small] {
			small = l
		}
		if r < len(q) && q[r] < q[small] {
			small = r
		}
		if small == j {
			break
		}
		q[j], q[small] = q[small], q[j]
		j = small
	}
	*h = q
	return top
}
