package apply

import (
	"slices"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
)

// What an apply records in state beside the objects it creates, updates
// and deletes: the root outputs, the data sources the plan read, what
// import and removed blocks adopt and forget, and unchanged objects'
// dependencies.

// recordOutputs evaluates the root outputs with the applied values and
// stores them in state.
func (x *executor) recordOutputs() {
	p := x.opts.Plan
	x.persist.update(func(s *state.State) {
		if s.Outputs == nil {
			s.Outputs = map[string]*state.Output{}
		}
		for _, oc := range p.Outputs {
			if oc.Action == plans.Delete {
				delete(s.Outputs, oc.Name)
			}
		}
	})
	if p.Mode == plans.DestroyMode {
		return
	}
	for name, o := range x.opts.Config.Module.Outputs {
		v, ok := x.ev.Output(addrs.RootModuleInstance, name)
		if !ok || !v.IsWhollyKnown() {
			continue
		}
		uv, _ := v.UnmarkDeep()
		sensitive := o.Sensitive
		x.persist.update(func(s *state.State) {
			if uv.IsNull() {
				delete(s.Outputs, name)
				return
			}
			s.Outputs[name] = &state.Output{Value: uv, Sensitive: sensitive}
		})
	}
}

// recordDataSources replaces the data sources in state with those the plan
// read; those it reads during apply are recorded as they are read. Data
// sources no longer in the configuration leave state.
func (x *executor) recordDataSources() {
	x.persist.update(func(s *state.State) {
		kept := s.Resources[:0]
		for _, r := range s.Resources {
			if r.Addr.Mode != addrs.DataResourceMode {
				kept = append(kept, r)
				continue
			}
			for _, in := range r.Instances {
				s.Touch(r.Addr, in.Key, in.Deposed) // gone, for the journal
			}
		}
		s.Resources = kept
	})
	if x.opts.Plan.Mode == plans.DestroyMode {
		return
	}
	for _, rc := range x.opts.Plan.Changes {
		if rc.Addr.Resource.Mode == addrs.DataResourceMode && rc.Action == plans.NoOp {
			x.record(rc, rc.After, "", nil)
		}
	}
}

// recordRefactoring records what needs no provider call: objects that
// import blocks adopt without changes, and objects that removed blocks
// forget. Moves are already in the plan's prior state.
func (x *executor) recordRefactoring() {
	// One index of the prior state, not a scan of it per unchanged object.
	prior := map[addrs.Resource]*state.Resource{}
	if ps := x.opts.Plan.PriorState; ps != nil {
		for _, r := range ps.Resources {
			prior[r.Addr] = r
		}
	}
	for _, rc := range x.opts.Plan.Changes {
		switch {
		case rc.Action == plans.Forget:
			x.persist.update(func(s *state.State) {
				s.RemoveInstance(rc.Addr.Resource, rc.Addr.Key, "")
			})
			x.mu.Lock()
			x.counts.Forget++
			x.mu.Unlock()
		case rc.Action == plans.NoOp && rc.Importing != "":
			x.opts.Hook.PreApplyImport(rc.Addr.String(), rc.Importing)
			x.record(rc, rc.After, "", rc.PriorPrivate)
			x.countImport()
			x.opts.Hook.PostApplyImport(rc.Addr.String(), rc.Importing, nil)
		case rc.Action == plans.NoOp && rc.Deposed == "" && rc.Addr.Resource.Mode == addrs.ManagedResourceMode &&
			x.opts.Plan.Mode == plans.NormalMode:
			x.updateDependencies(rc, prior)
		}
	}
}

// updateDependencies records an unchanged object's dependencies as
// configuration now has them, as Terraform does, so that a later destroy
// follows the current configuration (after a move, say).
func (x *executor) updateDependencies(rc *plans.ResourceChange, prior map[addrs.Resource]*state.Resource) {
	deps := rc.Dependencies
	addr, key := rc.Addr.Resource, rc.Addr.Key
	if r := prior[addr]; r != nil {
		if inst := r.Instance(key, ""); inst == nil || slices.Equal(inst.Dependencies, deps) {
			return // nothing to write: an apply without changes leaves state alone
		}
	} else if x.opts.Plan.PriorState != nil {
		return
	}
	x.persist.update(func(s *state.State) {
		if r := s.FindResource(addr); r != nil {
			if inst := r.Instance(key, ""); inst != nil {
				inst.Dependencies = deps
				s.Touch(addr, key, "")
			}
		}
	})
}
