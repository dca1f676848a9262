package testprovider

import (
	"fmt"
	"slices"
	"sync"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Store holds the "real" objects of every provider instance made by its
// Factory: the platform the engine manages. Tests read it to see what an
// operation did and change it to simulate drift.
type Store struct {
	mu      sync.Mutex
	objects map[string]cty.Value
	next    int
	log     []string
}

// NewStore returns an empty platform.
func NewStore() *Store {
	return &Store{objects: map[string]cty.Value{}}
}

// Factory returns a factory of providers on this store.
func (s *Store) Factory() schema.Factory {
	return func() schema.Provider { return &Provider{store: s} }
}

// Registry returns a registry that serves the provider as "test".
func (s *Store) Registry() schema.Registry {
	return schema.Registry{"test": s.Factory()}
}

// Get returns the object with this ID.
func (s *Store) Get(id string) (cty.Value, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.objects[id]
	return v, ok
}

// IDs returns the IDs of every object, sorted.
func (s *Store) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.objects))
	for id := range s.objects {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Names returns the name attribute of every object, sorted.
func (s *Store) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.objects))
	for _, v := range s.objects {
		names = append(names, v.GetAttr("name").AsString())
	}
	slices.Sort(names)
	return names
}

// Put stores an object under its id attribute (out of band: for drift and
// imports).
func (s *Store) Put(v cty.Value) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[v.GetAttr("id").AsString()] = v
}

// Delete removes an object out of band.
func (s *Store) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.objects, id)
}

// Log returns the changes the provider made, in order: "create NAME",
// "update NAME", "delete NAME".
func (s *Store) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

func (s *Store) create(prefix string, v cty.Value) cty.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	id := fmt.Sprintf("%sthing-%d", prefix, s.next)
	v = setAttrs(v, map[string]cty.Value{"id": cty.StringVal(id)})
	s.objects[id] = v
	s.log = append(s.log, "create "+v.GetAttr("name").AsString())
	return v
}

func (s *Store) update(v cty.Value) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[v.GetAttr("id").AsString()] = v
	s.log = append(s.log, "update "+v.GetAttr("name").AsString())
}

func (s *Store) remove(v cty.Value) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.objects, v.GetAttr("id").AsString())
	s.log = append(s.log, "delete "+v.GetAttr("name").AsString())
}

// setAttrs returns obj with the given attributes replaced.
func setAttrs(obj cty.Value, set map[string]cty.Value) cty.Value {
	attrs := obj.AsValueMap()
	for k, v := range set {
		attrs[k] = v
	}
	return cty.ObjectVal(attrs)
}
