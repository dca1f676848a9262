package apply

import (
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
)

// changeIndex holds a plan's changes by resource: one slice of them all,
// grouped by resource in the order of the plan, and each resource's span
// of it. A map from resource to its own slice of changes, as it was, held
// a slice per resource (100,000 at 100,000 single-instance resources)
// for the whole walk, each an allocation and a pointer for the collector
// to follow.
type changeIndex struct {
	all   []*plans.ResourceChange
	spans map[addrs.Resource]changeSpan
}

// changeSpan is where a resource's changes are in changeIndex.all.
type changeSpan struct{ start, n int32 }

func newChangeIndex(changes []*plans.ResourceChange) changeIndex {
	// First the number of changes of each resource (a span not yet
	// placed starts at -1); then, in the plan's order, each resource's
	// place when first seen, its start moving past each change put there;
	// then each start moved back to its first change.
	spans := make(map[addrs.Resource]changeSpan)
	for _, rc := range changes {
		s, ok := spans[rc.Addr.Resource]
		if !ok {
			s.start = -1
		}
		s.n++
		spans[rc.Addr.Resource] = s
	}
	all := make([]*plans.ResourceChange, len(changes))
	next := int32(0)
	for _, rc := range changes {
		a := rc.Addr.Resource
		s := spans[a]
		if s.start < 0 {
			s.start, next = next, next+s.n
		}
		all[s.start] = rc
		s.start++
		spans[a] = s
	}
	for a, s := range spans {
		s.start -= s.n
		spans[a] = s
	}
	return changeIndex{all: all, spans: spans}
}

// of returns the changes of resource a, in the plan's order.
func (c changeIndex) of(a addrs.Resource) []*plans.ResourceChange {
	s, ok := c.spans[a]
	if !ok {
		return nil
	}
	return c.all[s.start : s.start+s.n : s.start+s.n]
}

// byNode returns the changes by resource node key (eval.ResourceKey), for
// every instance of the node's module. Only a walk that skipped resources
// needs it: it is built then.
func (c changeIndex) byNode() map[string][]*plans.ResourceChange {
	out := map[string][]*plans.ResourceChange{}
	for _, rc := range c.all {
		key := eval.ResourceKey(rc.Addr.Resource)
		out[key] = append(out[key], rc)
	}
	return out
}
