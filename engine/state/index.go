package state

import (
	"sync"

	"github.com/trueup/trueup/engine/addrs"
)

// resourceIndex maps resource addresses to their positions in a State's
// Resources, so that FindResource and SetInstance cost O(1) rather than a
// scan: applying N resources from empty would otherwise cost O(N²).
//
// Resources stays an exported slice that callers may reassign, filter or
// append to; the index notices, because it remembers the slice it was
// built from (its first element's address and its length), and rebuilds
// itself when the slice differs. A hit is also checked against the
// resource found. What it cannot notice is an element renamed or replaced
// in place: change resources' addresses through RemoveInstance and
// SetInstance.
type resourceIndex struct {
	mu   sync.Mutex
	base **Resource // &Resources[0] when built
	n    int        // len(Resources) when built
	pos  map[addrs.Resource]int
}

func newResourceIndex() *resourceIndex { return &resourceIndex{} }

// fresh reports whether the index was built from rs.
func (x *resourceIndex) fresh(rs []*Resource) bool {
	if x.pos == nil || len(rs) != x.n {
		return false
	}
	return len(rs) == 0 || &rs[0] == x.base
}

func (x *resourceIndex) rebuild(rs []*Resource) {
	x.pos = make(map[addrs.Resource]int, len(rs))
	for i, r := range rs {
		if _, dup := x.pos[r.Addr]; !dup {
			x.pos[r.Addr] = i
		}
	}
	x.remember(rs)
}

func (x *resourceIndex) remember(rs []*Resource) {
	x.n, x.base = len(rs), nil
	if len(rs) > 0 {
		x.base = &rs[0]
	}
}

// find returns the resource of rs at address a, or nil.
func (x *resourceIndex) find(rs []*Resource, a addrs.Resource) *Resource {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.fresh(rs) {
		x.rebuild(rs)
	}
	i, ok := x.pos[a]
	if ok && i < len(rs) && rs[i].Addr == a {
		return rs[i]
	}
	if ok {
		// Reordered in place since it was built.
		x.rebuild(rs)
		if i, ok := x.pos[a]; ok {
			return rs[i]
		}
	}
	return nil
}

// appended records that appending r to before made rs, keeping the index
// fresh when it was fresh before the append.
func (x *resourceIndex) appended(before, rs []*Resource, r *Resource) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.fresh(before) {
		x.pos = nil
		return
	}
	x.pos[r.Addr] = len(rs) - 1
	x.remember(rs)
}

// remove moves the last resource of rs into r's place, for the caller to
// truncate rs by one, and records it. It reports false, doing nothing,
// when r is not in rs.
func (x *resourceIndex) remove(rs []*Resource, r *Resource) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.fresh(rs) {
		x.rebuild(rs)
	}
	i, ok := x.pos[r.Addr]
	if !ok || rs[i] != r {
		return false
	}
	last := len(rs) - 1
	delete(x.pos, r.Addr)
	if i != last {
		rs[i] = rs[last]
		x.pos[rs[i].Addr] = i
	}
	x.n = last
	if last == 0 {
		x.base = nil
	}
	return true
}
