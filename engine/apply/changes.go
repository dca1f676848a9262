package apply

import (
	"sort"
	"strings"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
)

// changeIndex holds a plan's changes by resource: one slice of them all,
// grouped by resource, and a way to find each resource's span of it.
//
// A plan's changes come sorted by address (the planner sorts them, and a
// plan file keeps that order), so each resource's changes are already
// together: all is then the plan's own slice, and of finds a span by
// binary search, without any per-resource record. A map from resource to
// its span, which an unsorted list still gets, held an entry of three
// strings per resource for the whole walk (1.5 MB at 10,000 resources,
// each entry pointers for the collector to follow); a map to a slice per
// resource, as it was before, an allocation more each.
type changeIndex struct {
	all []*plans.ResourceChange
	// spans is nil when all is sorted by resource (compareResources).
	spans map[addrs.Resource]changeSpan
}

// changeSpan is where a resource's changes are in changeIndex.all.
type changeSpan struct{ start, n int32 }

func newChangeIndex(changes []*plans.ResourceChange) changeIndex {
	if sortedByResource(changes) {
		return changeIndex{all: changes}
	}
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

// sortedByResource reports whether changes are in the order of
// compareResources, each resource's changes together (two resources that
// compare equal are the same resource).
func sortedByResource(changes []*plans.ResourceChange) bool {
	for i := 1; i < len(changes); i++ {
		a, b := changes[i-1].Addr.Resource, changes[i].Addr.Resource
		if c := compareResources(a, b); c > 0 || (c == 0 && a != b) {
			return false
		}
	}
	return true
}

// compareResources orders resources as addrs.CompareResourceInstances
// orders their instances. Resources of one module instance, the usual
// neighbours, are told apart without parsing the module address.
func compareResources(a, b addrs.Resource) int {
	if a.Module != b.Module {
		if c := addrs.CompareModuleInstances(a.Module, b.Module); c != 0 {
			return c
		}
	}
	if a.Mode != b.Mode {
		if a.Mode == addrs.DataResourceMode {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.Type, b.Type); c != 0 {
		return c
	}
	return strings.Compare(a.Name, b.Name)
}

// of returns the changes of resource a, in the plan's order.
func (c changeIndex) of(a addrs.Resource) []*plans.ResourceChange {
	if c.spans == nil {
		start := sort.Search(len(c.all), func(i int) bool { return compareResources(c.all[i].Addr.Resource, a) >= 0 })
		end := start
		for end < len(c.all) && c.all[end].Addr.Resource == a {
			end++
		}
		if end == start {
			return nil
		}
		return c.all[start:end:end]
	}
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
