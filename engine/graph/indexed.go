package graph

import (
	"cmp"
	"container/heap"
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
		ix.deps[i] = toIndices(g.deps[k], pos)
		ix.rdeps[i] = toIndices(g.rdeps[k], pos)
	}
	return ix
}

func toIndices[K cmp.Ordered](set map[K]struct{}, pos map[K]int) []int {
	if len(set) == 0 {
		return nil
	}
	out := make([]int, 0, len(set))
	for k := range set {
		out = append(out, pos[k])
	}
	slices.Sort(out)
	return out
}

// minHeap is a priority queue of node indices, smallest (first key) first.
type minHeap []int

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *minHeap) push(i int) { heap.Push(h, i) }
func (h *minHeap) pop() int   { return heap.Pop(h).(int) }
