package plan

import (
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
)

// forcedCreateBeforeDestroy returns the resource node keys that inherit
// create_before_destroy: as in Terraform, every resource that a resource
// with create_before_destroy depends on, directly or not, is replaced
// create-before-destroy too (else its replacement would destroy an object
// the new dependent still uses), and state records it so.
func forcedCreateBeforeDestroy(g *eval.ModuleGraph) map[string]bool {
	out := map[string]bool{}
	for key, n := range g.Nodes {
		if n.Kind != eval.ResourceNode || n.Resource.Managed == nil || !n.Resource.Managed.CreateBeforeDestroy {
			continue
		}
		for anc := range g.Ancestors(key) {
			if an := g.Nodes[anc]; an != nil && an.Kind == eval.ResourceNode && an.Resource.Managed != nil {
				out[anc] = true
			}
		}
	}
	return out
}

// createBeforeDestroy reports whether instances of res replace their
// objects create-before-destroy: set in its lifecycle, or inherited.
func (p *planner) createBeforeDestroy(res *config.Resource, ri addrs.ResourceInstance) bool {
	if res.Managed == nil {
		return false
	}
	if res.Managed.CreateBeforeDestroy {
		return true
	}
	// The node key is formatted only when some resource inherits the
	// setting: most plans have none, and a key per instance was as many
	// string allocations as instances.
	return len(p.forcedCBD) > 0 && p.forcedCBD[eval.ResourceKey(ri.Resource)]
}
