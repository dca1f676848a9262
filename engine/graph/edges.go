package graph

import (
	"cmp"
	"iter"
	"maps"
	"slices"
)

// smallEdges is how many edges a node keeps in a slice before it switches
// to a map: most nodes of a configuration's graph have one to a few
// dependencies and dependents, and a slice of them takes a tenth of the
// memory of a map (a 10,000-resource graph held about 4 MB in per-node
// maps), while a node that many others depend on (a provider, a local
// gathering many resources) keeps constant-time membership.
const smallEdges = 8

// edges is a set of nodes at the other end of one node's edges of one
// direction: a slice while small, a map once larger.
type edges[K cmp.Ordered] struct {
	list []K
	set  map[K]struct{}
}

// add adds k and reports whether it was not there yet.
func (e *edges[K]) add(k K) bool {
	if e.set != nil {
		if _, ok := e.set[k]; ok {
			return false
		}
		e.set[k] = struct{}{}
		return true
	}
	if slices.Contains(e.list, k) {
		return false
	}
	if len(e.list) < smallEdges {
		e.list = append(e.list, k)
		return true
	}
	e.set = make(map[K]struct{}, 2*smallEdges)
	for _, d := range e.list {
		e.set[d] = struct{}{}
	}
	e.set[k] = struct{}{}
	e.list = nil
	return true
}

// remove deletes k.
func (e *edges[K]) remove(k K) {
	if e.set != nil {
		delete(e.set, k)
		return
	}
	if i := slices.Index(e.list, k); i >= 0 {
		e.list = slices.Delete(e.list, i, i+1)
	}
}

// len returns how many nodes there are.
func (e *edges[K]) len() int {
	if e.set != nil {
		return len(e.set)
	}
	return len(e.list)
}

// all yields every node, in no particular order.
func (e *edges[K]) all() iter.Seq[K] {
	if e.set != nil {
		return maps.Keys(e.set)
	}
	return slices.Values(e.list)
}

// sorted returns the nodes sorted; nil when there are none.
func (e *edges[K]) sorted() []K {
	if e.len() == 0 {
		return nil
	}
	return slices.Sorted(e.all())
}
