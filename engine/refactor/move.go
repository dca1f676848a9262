package refactor

import (
	"fmt"
	"strings"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// Moved is one object relocated by Move.
type Moved struct {
	From, To addrs.ResourceInstance
}

// Move relocates in st the objects from names to the matching addresses
// under to. Both must be of one kind: module instances (everything in the
// module and its descendants moves), resources (every instance keeps its
// key) or resource instances; a whole resource without count or for_each
// and its single instance are interchangeable, so that an object moves
// into and out of count and for_each. Nothing moves when a destination is
// taken, when nothing is at from, or when the kinds or resource types
// differ: the error says which.
func Move(st *state.State, from, to addrs.Targetable) ([]Moved, error) {
	plan, err := planMove(st, from, to)
	if err != nil {
		return nil, err
	}
	if taken := occupied(st, plan); taken != nil {
		return nil, fmt.Errorf("cannot move %s to %s: an object already exists at %s", from, to, taken.To)
	}
	for _, m := range plan {
		moveInstance(st, m)
	}
	return plan, nil
}

// occupied returns the first move of plan whose destination holds an
// object that does not itself move, or nil.
func occupied(st *state.State, plan []Moved) *Moved {
	taken := map[addrs.ResourceInstance]bool{}
	for _, ri := range liveInstances(st) {
		taken[ri] = true
	}
	for _, m := range plan {
		taken[m.From] = false
	}
	for i, m := range plan {
		if taken[m.To] {
			return &plan[i]
		}
	}
	return nil
}

// planMove lists the moves from → to implies, without changing st.
func planMove(st *state.State, from, to addrs.Targetable) ([]Moved, error) {
	var out []Moved
	switch f := from.(type) {
	case addrs.ModuleInstance:
		t, ok := to.(addrs.ModuleInstance)
		if !ok {
			return nil, fmt.Errorf("cannot move module %s to %s: a module moves to another module address", from, to)
		}
		for _, ri := range liveInstances(st) {
			if dstMod, ok := moveModule(f, t, ri.Resource.Module); ok {
				dst := ri
				dst.Resource.Module = dstMod
				out = append(out, Moved{From: ri, To: dst})
			}
		}
	case addrs.Resource:
		switch t := to.(type) {
		case addrs.Resource:
			if err := sameType(f, t); err != nil {
				return nil, err
			}
			for _, ri := range liveInstances(st) {
				if ri.Resource == f {
					out = append(out, Moved{From: ri, To: t.Instance(ri.Key)})
				}
			}
		case addrs.ResourceInstance:
			return planMove(st, f.Instance(addrs.NoKey), t)
		default:
			return nil, fmt.Errorf("cannot move resource %s to %s: a resource moves to another resource address", from, to)
		}
	case addrs.ResourceInstance:
		var t addrs.ResourceInstance
		switch dst := to.(type) {
		case addrs.ResourceInstance:
			t = dst
		case addrs.Resource:
			t = dst.Instance(addrs.NoKey)
		default:
			return nil, fmt.Errorf("cannot move resource instance %s to %s: it moves to another resource instance address", from, to)
		}
		if err := sameType(f.Resource, t.Resource); err != nil {
			return nil, err
		}
		for _, ri := range liveInstances(st) {
			if ri == f {
				out = append(out, Moved{From: ri, To: t})
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no object in state has address %s", from)
	}
	return out, nil
}

func sameType(a, b addrs.Resource) error {
	if a.Type != b.Type || a.Mode != b.Mode {
		return fmt.Errorf("cannot move %s to %s: the resource type must stay the same", a, b)
	}
	return nil
}

// moveModule returns where m goes when module from moves to module to.
// As in Terraform, a move between two unkeyed addresses moves the whole
// call: every instance keeps its key (module.a[1] to module.b[1]).
func moveModule(from, to, m addrs.ModuleInstance) (addrs.ModuleInstance, bool) {
	if rest, ok := underModule(from, m); ok {
		return addrs.ModuleInstance(joinModule(string(to), rest)), true
	}
	fromParent, fromStep := from.Parent()
	toParent, toStep := to.Parent()
	if from.IsRoot() || to.IsRoot() || fromStep.Key != addrs.NoKey || toStep.Key != addrs.NoKey {
		return "", false
	}
	// m's steps: the same parent, then the call with some key.
	steps := m.Steps()
	depth := len(from.Steps())
	if len(steps) < depth || steps[depth-1].Name != fromStep.Name || steps[depth-1].Key == addrs.NoKey {
		return "", false
	}
	inst := addrs.RootModuleInstance
	for _, st := range steps[:depth-1] {
		inst = inst.Child(st.Name, st.Key)
	}
	if inst != fromParent {
		return "", false
	}
	dst := toParent.Child(toStep.Name, steps[depth-1].Key)
	for _, st := range steps[depth:] {
		dst = dst.Child(st.Name, st.Key)
	}
	return dst, true
}

// underModule reports whether m is mod or inside it, and returns the rest
// of m's address after mod.
func underModule(mod, m addrs.ModuleInstance) (string, bool) {
	if m == mod {
		return "", true
	}
	rest, ok := strings.CutPrefix(string(m), string(mod)+".")
	return rest, ok
}

func joinModule(prefix, rest string) string {
	switch {
	case prefix == "":
		return rest
	case rest == "":
		return prefix
	}
	return prefix + "." + rest
}

// liveInstances returns the address of every current (not deposed)
// object in st.
func liveInstances(st *state.State) []addrs.ResourceInstance {
	var out []addrs.ResourceInstance
	for _, r := range st.Resources {
		addr := r.Addr
		for _, inst := range r.Instances {
			if inst.Deposed == "" {
				out = append(out, addr.Instance(inst.Key))
			}
		}
	}
	return out
}

// moveInstance moves one object, with its deposed objects, keeping its
// provider and settings.
func moveInstance(st *state.State, m Moved) {
	src := st.FindResource(m.From.Resource)
	if src == nil {
		return
	}
	var moving []*state.Instance
	for _, inst := range src.Instances {
		if inst.Key == m.From.Key {
			moving = append(moving, inst)
		}
	}
	provider := src.Provider
	for _, inst := range moving {
		st.RemoveInstance(src.Addr, inst.Key, inst.Deposed)
	}
	for _, inst := range moving {
		inst.Key = m.To.Key
		st.SetInstance(m.To.Resource, provider, inst)
	}
}
