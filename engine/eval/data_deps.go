package eval

import (
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/schema"
)

// ReferencedManagedResources returns the managed resources a data block's
// configuration refers to directly, in module instance mi: Terraform's
// implied dependencies of a data source (not followed through locals).
func ReferencedManagedResources(res *config.Resource, block *schema.Block, mi addrs.ModuleInstance) []addrs.Resource {
	refs, _ := lang.ReferencesInBlock(res.Config, block)
	var out []addrs.Resource
	for _, ref := range refs {
		var r addrs.Resource
		switch s := ref.Subject.(type) {
		case addrs.Resource:
			r = s
		case addrs.ResourceInstance:
			r = s.Resource
		default:
			continue
		}
		if r.Mode == addrs.ManagedResourceMode {
			out = append(out, r.InModule(mi))
		}
	}
	return out
}
