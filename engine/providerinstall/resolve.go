package providerinstall

import (
	"fmt"

	"github.com/trueup/trueup/engine/depsfile"
)

// Resolve makes the same choice as Install without installing anything:
// what plan, apply and the other commands use after init. A plugin must
// be recorded in locks and installed in the stack with a matching hash.
func (i *Installer) Resolve(reqs []Requirement, locks *depsfile.Locks) ([]Selection, error) {
	var out []Selection
	for _, req := range reqs {
		sel, isPlugin, err := i.choose(req)
		if err != nil {
			return nil, err
		}
		if isPlugin {
			sel, err = i.resolvePlugin(req, locks)
			if err != nil {
				return nil, err
			}
		}
		out = append(out, sel)
	}
	return out, nil
}

func (i *Installer) resolvePlugin(req Requirement, locks *depsfile.Locks) (Selection, error) {
	p := req.Provider
	method := i.Installation.MethodFor(p)
	lock := locks.Provider(p)
	if lock == nil {
		return Selection{}, fmt.Errorf("provider %s is served by a plugin (%s) that is not installed: run `trueup init`", p, method)
	}
	in, ok := i.WorkDir.Installed(p, lock.Version)
	if !ok {
		return Selection{}, fmt.Errorf("provider %s v%s is locked in %s but not installed in %s: run `trueup init`", p, lock.Version, depsfile.FileName, i.WorkDir.BasePath)
	}
	if h, err := in.Hash(); err != nil || !contains(lock.Hashes, h) {
		return Selection{}, fmt.Errorf("the installed package of provider %s v%s does not match the checksums in %s (it has %s): run `trueup init` to reinstall it", p, lock.Version, depsfile.FileName, h)
	}
	return Selection{Provider: p, LocalNames: req.LocalNames, Kind: Plugin, Version: lock.Version,
		Executable: in.Executable, Reason: "provider_installation " + method + " serves it"}, nil
}
