package state

import (
	"github.com/google/uuid"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/version"
)

// New returns an empty state with a fresh lineage and serial 0.
func New() *State {
	return &State{
		Lineage:       uuid.NewString(),
		TrueupVersion: version.Version,
		Outputs:       map[string]*Output{},
		index:         newResourceIndex(),
	}
}

// Resource returns the root module's resource with mode, type and name, or
// nil.
func (s *State) Resource(mode addrs.ResourceMode, typ, name string) *Resource {
	return s.FindResource(addrs.Resource{Mode: mode, Type: typ, Name: name})
}

// FindResource returns the resource with address a, or nil. A state made
// by New, Decode or DeepCopy finds it through an index; one written as a
// literal scans its resources.
func (s *State) FindResource(a addrs.Resource) *Resource {
	if s.index != nil {
		return s.index.find(s.Resources, a)
	}
	for _, r := range s.Resources {
		if r.Addr == a {
			return r
		}
	}
	return nil
}

// Instance returns the object with key and deposed key ("" for the current
// object), or nil.
//
// It does not change r, so that readers may share it: a resource of many
// instances is looked up through its index when SetInstance, RemoveInstance
// or Decode built one and Instances has not changed since, and scanned
// otherwise.
func (r *Resource) Instance(key addrs.InstanceKey, deposed string) *Instance {
	i, ok := r.index.lookup(r.Instances, key, deposed)
	if !ok {
		i = scanInstances(r.Instances, key, deposed)
	}
	if i < 0 {
		return nil
	}
	return r.Instances[i]
}

// SetInstance records inst in the resource at address a, replacing the
// object with the same Key and Deposed. It creates the resource when
// missing, with an each mode that follows the key ("list" for an int,
// "map" for a string), and sets the resource's provider address. It
// returns the resource.
func (s *State) SetInstance(a addrs.Resource, provider string, inst *Instance) *Resource {
	s.Touch(a, inst.Key, inst.Deposed)
	r := s.FindResource(a)
	if r == nil {
		r = &Resource{Addr: a}
		before := s.Resources
		s.Resources = append(s.Resources, r)
		if s.index != nil {
			s.index.appended(before, s.Resources, r)
		}
	}
	r.Provider = provider
	switch inst.Key.(type) {
	case addrs.IntKey:
		r.EachMode = "list"
	case addrs.StringKey:
		r.EachMode = "map"
	default:
		r.EachMode = ""
	}
	if i := r.position(inst.Key, inst.Deposed); i >= 0 {
		r.Instances[i] = inst
		return r
	}
	r.appendInstance(inst)
	return r
}

// RemoveInstance removes the object with key and deposed key ("" for the
// current object) from the resource at address a, and the resource itself
// when no object remains (which may reorder Resources, and, in a resource
// of many instances, its Instances). It reports whether an object was
// removed.
func (s *State) RemoveInstance(a addrs.Resource, key addrs.InstanceKey, deposed string) bool {
	s.Touch(a, key, deposed)
	r := s.FindResource(a)
	if r == nil {
		return false
	}
	i := r.position(key, deposed)
	if i >= 0 {
		r.removeAt(i)
	}
	if len(r.Instances) == 0 {
		s.removeResource(r)
	}
	return i >= 0
}

// removeResource removes r from Resources. With an index it moves the last
// resource into r's place (Resources is sorted when written, not in
// memory), which costs O(1) where keeping the order costs O(N).
func (s *State) removeResource(r *Resource) {
	if s.index != nil && s.index.remove(s.Resources, r) {
		last := len(s.Resources) - 1
		s.Resources[last] = nil
		s.Resources = s.Resources[:last]
		return
	}
	kept := s.Resources[:0]
	for _, x := range s.Resources {
		if x != r {
			kept = append(kept, x)
		}
	}
	clear(s.Resources[len(kept):])
	s.Resources = kept
}

// Empty reports whether the state records no object and no output, as
// after a complete destroy.
func (s *State) Empty() bool {
	if s == nil {
		return true
	}
	if len(s.Outputs) > 0 {
		return false
	}
	for _, r := range s.Resources {
		if len(r.Instances) > 0 {
			return false
		}
	}
	return true
}
