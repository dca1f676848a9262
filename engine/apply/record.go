package apply

import (
	"github.com/trueup/trueup/engine/addrs"
)

// dependencyNames returns deps as state records an object's dependencies.
// The plan gives every instance of a resource one list (the same slice):
// its names are formatted once for the instances applied one after the
// other, which share them (state never changes an object's list in place,
// it replaces it). Only the last list is kept: a map of every resource's
// would hold as many entries as resources for the whole apply, where a
// resource of one instance gains nothing from it.
func (x *executor) dependencyNames(deps []addrs.Resource) []string {
	if len(deps) == 0 {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(x.lastDeps) == len(deps) && &x.lastDeps[0] == &deps[0] {
		return x.lastDepNames
	}
	names := make([]string, len(deps))
	for i, d := range deps {
		names[i] = d.String()
	}
	x.lastDeps, x.lastDepNames = deps, names
	return names
}
