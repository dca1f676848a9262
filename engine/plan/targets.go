package plan

import (
	"maps"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
)

// -target and -replace, as Terraform has them: the targeted resources
// (every resource of a targeted module) and what they depend on are
// planned, the rest left as it is; -replace plans the named instances'
// replacement. exclude.go is -exclude, the inverse of -target.

// targetClosure returns the graph nodes -target selects: the targeted
// resources (every resource of a targeted module) and everything they
// depend on.
func (p *planner) targetClosure() map[string]struct{} {
	roots := p.nodeKeysOf(p.opts.Targets)
	keep := p.graph.Ancestors(roots...)
	p.targetDeps = maps.Clone(keep)
	// As in Terraform, a resource that a target names is limited to the
	// instances the targets name, even when another target depends on it;
	// one included only as a dependency takes every instance.
	for _, r := range roots {
		delete(p.targetDeps, r)
		keep[r] = struct{}{}
	}
	return keep
}

// targeted reports whether the plan covers ri: not excluded, and named by
// a target, depended on by one, or deleted by a targeted destroy because
// it depends on one (p.dependents).
func (p *planner) targeted(ri addrs.ResourceInstance) bool {
	if p.excluded(ri) {
		return false
	}
	if len(p.opts.Targets) == 0 {
		return true
	}
	for _, t := range p.opts.Targets {
		if t.Contains(ri) {
			return true
		}
	}
	_, dep := p.targetDeps[eval.ResourceKey(ri.Resource)]
	return dep || p.dependents[ri]
}

// deleteTargeted reports whether -target selects the deletion of ri: in a
// destroy, the targets, their dependents and dependencies; otherwise
// only objects a target names, as an orphan is nobody's dependency.
func (p *planner) deleteTargeted(ri addrs.ResourceInstance) bool {
	if len(p.opts.Targets) == 0 || p.opts.Mode == plans.DestroyMode {
		return p.targeted(ri)
	}
	for _, t := range p.opts.Targets {
		if t.Contains(ri) {
			return true
		}
	}
	return false
}

// replaceRequested reports whether -replace names ri.
func (p *planner) replaceRequested(ri addrs.ResourceInstance) bool {
	for _, r := range p.opts.Replace {
		if r == ri {
			return true
		}
	}
	return false
}

// nodeKeysOf returns the resource node keys that targets name: a
// resource's, or every resource's of a module (-target and -exclude).
func (p *planner) nodeKeysOf(targets []addrs.Target) []string {
	var keys []string
	for _, t := range targets {
		if !t.IsModule() {
			keys = append(keys, eval.ResourceKey(t.Resource()))
			continue
		}
		prefix := t.Module().Module().Prefix()
		for _, k := range p.graph.ResourceNodeKeys() {
			if strings.HasPrefix(k, prefix) {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// partialPlanWarnings are the warnings of a plan that -target or -exclude
// narrows, as Terraform gives the first: such a plan may leave out changes
// the configuration asks for.
func partialPlanWarnings(opts Options) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if len(opts.Targets) > 0 {
		diags = append(diags, narrowedPlanWarning("Resource targeting is in effect", "-target",
			", or when trueup specifically suggests to use it as part of an error message"))
	}
	if len(opts.Excludes) > 0 {
		diags = append(diags, narrowedPlanWarning("Resource exclusion is in effect", "-exclude", ""))
	}
	return diags
}

// narrowedPlanWarning is the warning of a plan that option narrows; also
// names the other uses the option is meant for.
func narrowedPlanWarning(summary, option, also string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagWarning,
		Summary:  summary,
		Detail: "You are creating a plan with the " + option + " option, which means that the result of this plan may not represent all of the changes requested by the current configuration.\n\n" +
			"The " + option + " option is not for routine use, and is provided only for exceptional situations such as recovering from errors or mistakes" + also + ".",
	}
}
