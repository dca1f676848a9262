package plan

import (
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
)

// -exclude, as OpenTofu has it, is the inverse of -target: the excluded
// resources (every resource of an excluded module) are left as they are,
// and so is everything that depends on them; in a destroy, what they
// depend on stays too, as they need it.

// excludeState is what -exclude leaves out of a plan.
type excludeState struct {
	// nodes are the graph nodes left out of the walk.
	nodes map[string]struct{}
	// kept are the static resources a destroy keeps.
	kept map[addrs.Resource]bool
}

// excludeWalk returns the nodes the walk keeps: every node but the
// excluded resources and their dependents.
func (p *planner) excludeWalk() map[string]struct{} {
	roots := p.nodeKeysOf(p.opts.Excludes)
	drop := p.graph.Descendants(roots...)
	for _, r := range roots {
		drop[r] = struct{}{}
	}
	p.exclude.nodes = drop
	keep := map[string]struct{}{}
	for _, k := range p.graph.Graph.Nodes() {
		if _, gone := drop[k]; !gone {
			keep[k] = struct{}{}
		}
	}
	return keep
}

// excludeDependencies selects, for a destroy, the objects that excluded
// ones depend on, by the dependencies recorded in state: they stay.
func (p *planner) excludeDependencies() {
	kept := map[addrs.Resource]bool{}
	for ri, obj := range p.prior.objects {
		if p.excludedAddr(ri) {
			kept[eval.StaticResource(ri.Resource)] = true
			for _, d := range stateDepsOf(obj) {
				kept[d] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for ri, obj := range p.prior.objects {
			if !kept[eval.StaticResource(ri.Resource)] {
				continue
			}
			for _, d := range stateDepsOf(obj) {
				if !kept[d] {
					kept[d], changed = true, true
				}
			}
		}
	}
	p.exclude.kept = kept
}

// excludedAddr reports whether an -exclude address names ri.
func (p *planner) excludedAddr(ri addrs.ResourceInstance) bool {
	for _, t := range p.opts.Excludes {
		if t.Contains(ri) {
			return true
		}
	}
	return false
}

// excluded reports whether -exclude leaves ri as it is.
func (p *planner) excluded(ri addrs.ResourceInstance) bool {
	if len(p.opts.Excludes) == 0 {
		return false
	}
	if p.excludedAddr(ri) {
		return true
	}
	if _, ok := p.exclude.nodes[eval.ResourceKey(ri.Resource)]; ok {
		return true
	}
	return p.exclude.kept[eval.StaticResource(ri.Resource)]
}
