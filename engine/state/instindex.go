package state

import "github.com/trueup/trueup/engine/addrs"

// instanceIndexMin is the number of instances from which a resource finds
// one through an index rather than by a scan: below it a scan is cheaper
// than a map lookup.
const instanceIndexMin = 16

// instanceIndex maps instance keys to their positions in a resource's
// Instances, so that SetInstance, RemoveInstance and Instance cost O(1)
// for a resource of many instances (count or for_each): recording N
// instances of one resource would otherwise cost O(N²).
//
// Like resourceIndex it remembers the slice it was built from (its first
// element and length) and is rebuilt when Instances differs, and a hit is
// checked against the instance found. It maps keys, not keys and deposed
// keys: the engine deposes an object by setting its Deposed in place, which
// a key does not see. While two instances share a key (a current object
// and a deposed one, rare and short-lived) the resource is scanned. What it
// cannot notice is a Key changed in place on an instance in Instances:
// remove the instance first (as refactor's moves do).
type instanceIndex struct {
	base **Instance // &Instances[0] when built
	n    int        // len(Instances) when built
	pos  map[addrs.InstanceKey]int
	dup  bool // some key is held by two instances
}

// fresh reports whether x was built from is.
func (x *instanceIndex) fresh(is []*Instance) bool {
	if x == nil || x.pos == nil || len(is) != x.n {
		return false
	}
	return len(is) == 0 || &is[0] == x.base
}

func (x *instanceIndex) remember(is []*Instance) {
	x.n, x.base = len(is), nil
	if len(is) > 0 {
		x.base = &is[0]
	}
}

func buildInstanceIndex(is []*Instance) *instanceIndex {
	x := &instanceIndex{pos: make(map[addrs.InstanceKey]int, len(is))}
	for i, in := range is {
		if _, dup := x.pos[in.Key]; dup {
			x.dup = true
			continue
		}
		x.pos[in.Key] = i
	}
	x.remember(is)
	return x
}

// lookup returns the position of the instance of is with key and deposed
// key, or -1, and whether the index could tell (false: scan).
func (x *instanceIndex) lookup(is []*Instance, key addrs.InstanceKey, deposed string) (int, bool) {
	if !x.fresh(is) || x.dup {
		return -1, false
	}
	i, ok := x.pos[key]
	if !ok {
		return -1, true
	}
	if i >= len(is) || is[i].Key != key {
		return -1, false // changed in place since it was built
	}
	if is[i].Deposed != deposed {
		return -1, true
	}
	return i, true
}

// scanInstances returns the position of the instance of is with key and
// deposed key, or -1.
func scanInstances(is []*Instance, key addrs.InstanceKey, deposed string) int {
	for i, in := range is {
		if in.Key == key && in.Deposed == deposed {
			return i
		}
	}
	return -1
}

// position returns the position of the instance with key and deposed key,
// or -1, building the index when r has enough instances. Only a writer of
// r (who holds it exclusively) may call it.
func (r *Resource) position(key addrs.InstanceKey, deposed string) int {
	if len(r.Instances) < instanceIndexMin {
		r.index = nil
		return scanInstances(r.Instances, key, deposed)
	}
	if i, ok := r.index.lookup(r.Instances, key, deposed); ok {
		return i
	}
	r.index = buildInstanceIndex(r.Instances)
	if i, ok := r.index.lookup(r.Instances, key, deposed); ok {
		return i
	}
	return scanInstances(r.Instances, key, deposed)
}

// appendInstance appends in to r.Instances, keeping a fresh index fresh.
func (r *Resource) appendInstance(in *Instance) {
	before := r.Instances
	r.Instances = append(r.Instances, in)
	x := r.index
	if !x.fresh(before) {
		r.index = nil
		return
	}
	if _, dup := x.pos[in.Key]; dup {
		x.dup = true
	} else {
		x.pos[in.Key] = len(r.Instances) - 1
	}
	x.remember(r.Instances)
}

// removeAt removes the instance at position i. With a fresh index and no
// shared key it moves the last instance into its place (Instances, like
// Resources, is sorted when written, not in memory), O(1); otherwise it
// keeps the order, O(len).
func (r *Resource) removeAt(i int) {
	is, x := r.Instances, r.index
	last := len(is) - 1
	if x.fresh(is) && !x.dup {
		delete(x.pos, is[i].Key)
		if i != last {
			is[i] = is[last]
			x.pos[is[i].Key] = i
		}
		is[last] = nil
		r.Instances = is[:last]
		x.remember(r.Instances)
		return
	}
	copy(is[i:], is[i+1:])
	is[last] = nil
	r.Instances = is[:last]
	r.index = nil
}
