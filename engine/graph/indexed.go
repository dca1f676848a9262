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
	deps  [][]int // sorted direct dependencies of each node
	rdeps [][]int // sorted direct dependents of each node
}

func (g *Graph[K]) index() *indexed[K] {
	keys := g.Nodes()
	pos := make(map[K]int, len(keys))
	for i, k := range keys {
		pos[k] = i
	}
	ix := &indexed[K]{keys: keys, deps: make([][]int, len(keys)), rdeps: make([][]int, len(keys))}
	for i, k := range keys {
		n := g.nodes[k]
		ix.deps[i] = toIndices(&n.deps, pos)
		ix.rdeps[i] = toIndices(&n.rdeps, pos)
	}
	return ix
}

func toIndices[K cmp.Ordered](set *edges[K], pos map[K]int) []int {
	if set.len() == 0 {
		return nil
	}
	out := make([]int, 0, set.len())
	for k := range set.all() {
		out = append(out, pos[k])
	}
	slices.Sort(out)
	return out
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
