package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// CycleError reports that a graph has cycles, and which nodes form them.
type CycleError[K cmp.Ordered] struct {
	// Cycles holds each cycle as Cycles returns it.
	Cycles [][]K
}

// Error names every node of every cycle, one cycle per line:
// "Cycle: a, b, c".
func (e *CycleError[K]) Error() string {
	lines := make([]string, len(e.Cycles))
	for i, c := range e.Cycles {
		names := make([]string, len(c))
		for j, k := range c {
			names[j] = fmt.Sprint(k)
		}
		lines[i] = "Cycle: " + strings.Join(names, ", ")
	}
	return strings.Join(lines, "\n")
}

// Cycles returns the cycles of the graph: every strongly connected component
// with more than one node, and every node that depends on itself. Each cycle
// starts at its smallest node and follows dependency edges from there (for a
// simple cycle a → b → c → a, that is [a b c]); cycles are sorted by their
// first node. It returns nil when the graph is acyclic.
func (g *Graph[K]) Cycles() [][]K { return g.index().cycles() }

func (ix *indexed[K]) cycles() [][]K {
	var out [][]K
	for _, scc := range ix.tarjan() {
		if len(scc) == 1 && !slices.Contains(ix.deps.of(scc[0]), scc[0]) {
			continue
		}
		members := ix.cycleOrder(scc)
		c := make([]K, len(members))
		for i, m := range members {
			c[i] = ix.keys[m]
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b []K) int { return cmp.Compare(a[0], b[0]) })
	return out
}

// Validate returns nil when the graph is acyclic, or a *CycleError naming
// every node of every cycle.
func (g *Graph[K]) Validate() error {
	if cycles := g.Cycles(); len(cycles) > 0 {
		return &CycleError[K]{Cycles: cycles}
	}
	return nil
}

// TopoOrder returns every node, each after all of its dependencies. Among
// nodes that are ready at the same time the smallest comes first, so the
// order is deterministic. It returns a *CycleError when the graph has a
// cycle.
func (g *Graph[K]) TopoOrder() ([]K, error) {
	ix := g.index()
	pending := make([]int, len(ix.keys))
	var ready minHeap
	for i := range ix.keys {
		pending[i] = len(ix.deps.of(i))
		if pending[i] == 0 {
			ready = append(ready, i)
		}
	}
	out := make([]K, 0, len(ix.keys))
	for ready.Len() > 0 {
		i := ready.pop()
		out = append(out, ix.keys[i])
		for _, d := range ix.rdeps.of(i) {
			if pending[d]--; pending[d] == 0 {
				ready.push(d)
			}
		}
	}
	if len(out) < len(ix.keys) {
		return nil, &CycleError[K]{Cycles: ix.cycles()}
	}
	return out, nil
}

// tarjan returns the strongly connected components of the graph (Tarjan's
// algorithm, iterative so that long chains cannot exhaust the stack).
func (ix *indexed[K]) tarjan() [][]int {
	n := len(ix.keys)
	index := make([]int, n) // 0 = unvisited, else visit number + 1
	low := make([]int, n)
	onStack := make([]bool, n)
	var stack []int
	var sccs [][]int
	next := 1
	type frame struct{ v, i int }
	visit := func(v int, call []frame) []frame {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		return append(call, frame{v: v})
	}
	for root := range n {
		if index[root] != 0 {
			continue
		}
		call := visit(root, nil)
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.i < len(ix.deps.of(v)) {
				w := ix.deps.of(v)[f.i]
				f.i++
				if index[w] == 0 {
					call = visit(w, call)
				} else if onStack[w] {
					low[v] = min(low[v], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] == index[v] {
				var scc []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					scc = append(scc, w)
					if w == v {
						break
					}
				}
				sccs = append(sccs, scc)
			}
		}
	}
	return sccs
}

// cycleOrder lists the members of a strongly connected component in the
// order a depth-first search from its smallest member, following dependency
// edges in sorted order, first reaches them.
func (ix *indexed[K]) cycleOrder(scc []int) []int {
	in := make(map[int]bool, len(scc))
	for _, v := range scc {
		in[v] = true
	}
	start := slices.Min(scc)
	seen := map[int]bool{start: true}
	out := []int{start}
	type frame struct{ v, i int }
	stack := []frame{{v: start}}
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.i == len(ix.deps.of(f.v)) {
			stack = stack[:len(stack)-1]
			continue
		}
		w := ix.deps.of(f.v)[f.i]
		f.i++
		if in[w] && !seen[w] {
			seen[w] = true
			out = append(out, w)
			stack = append(stack, frame{v: w})
		}
	}
	return out
}
