package state

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/zclconf/go-cty/cty"
)

// DeepCopy returns a copy of s that shares no mutable memory with it.
// cty values are immutable and are shared.
func (s *State) DeepCopy() *State {
	if s == nil {
		return nil
	}
	c := *s
	c.index = newResourceIndex()
	c.enc = nil
	c.chg = nil
	c.Outputs = make(map[string]*Output, len(s.Outputs))
	for k, o := range s.Outputs {
		oc := *o
		c.Outputs[k] = &oc
	}
	c.CheckResults = copyCheckResults(s.CheckResults)
	c.Resources = make([]*Resource, len(s.Resources))
	for i, r := range s.Resources {
		c.Resources[i] = r.deepCopy()
	}
	return &c
}

// SnapshotCopy returns a copy of s to write while s goes on changing: its
// own resources, instances and outputs, but sharing each instance's
// attribute bytes, private data, dependencies and sensitive paths, which
// the engine replaces and never changes in place. During apply it costs a
// fraction of DeepCopy, every time the state is persisted. It shares s's
// encodings (ReuseEncodings).
func (s *State) SnapshotCopy() *State {
	if s == nil {
		return nil
	}
	c := *s
	c.index = newResourceIndex()
	c.chg = nil
	c.Outputs = make(map[string]*Output, len(s.Outputs))
	for k, o := range s.Outputs {
		oc := *o
		c.Outputs[k] = &oc
	}
	c.CheckResults = copyCheckResults(s.CheckResults)
	c.Resources = make([]*Resource, len(s.Resources))
	for i, r := range s.Resources {
		rc := *r
		rc.index = nil
		rc.Instances = make([]*Instance, len(r.Instances))
		for j, in := range r.Instances {
			ic := *in
			rc.Instances[j] = &ic
		}
		c.Resources[i] = &rc
	}
	return &c
}

func (r *Resource) deepCopy() *Resource {
	c := *r
	c.index = nil
	c.Instances = make([]*Instance, len(r.Instances))
	for i, in := range r.Instances {
		c.Instances[i] = in.DeepCopy()
	}
	return &c
}

// DeepCopy returns a copy of the instance that shares no mutable memory
// with it.
func (in *Instance) DeepCopy() *Instance {
	c := *in
	c.Attributes = bytes.Clone(in.Attributes)
	c.Dependencies = slices.Clone(in.Dependencies)
	c.Private = bytes.Clone(in.Private)
	c.AttributesFlat = maps.Clone(in.AttributesFlat)
	if in.SensitiveAttributes != nil {
		c.SensitiveAttributes = make([]cty.Path, len(in.SensitiveAttributes))
		for i, p := range in.SensitiveAttributes {
			c.SensitiveAttributes[i] = p.Copy()
		}
	}
	return &c
}

// SameContent reports whether s and o record the same lineage, outputs and
// objects, ignoring the serial, the trueup version and Meta (which say
// when and from where the state was written, not what it records). The
// engine bumps the serial only for a write whose content changed. Order of
// resources and instances does not matter; attributes compare as JSON,
// ignoring insignificant white space.
func (s *State) SameContent(o *State) bool {
	if s == nil || o == nil {
		return s == o
	}
	if s.Lineage != o.Lineage || !maps.EqualFunc(s.Outputs, o.Outputs, sameOutput) {
		return false
	}
	a, b := sortedResources(s.Resources), sortedResources(o.Resources)
	return slices.EqualFunc(a, b, sameResource)
}

func sameOutput(a, b *Output) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Sensitive != b.Sensitive || (a.Value == cty.NilVal) != (b.Value == cty.NilVal) {
		return false
	}
	return a.Value == cty.NilVal || a.Value.RawEquals(b.Value)
}

func sameResource(a, b *Resource) bool {
	if a.Addr != b.Addr || a.Provider != b.Provider || a.EachMode != b.EachMode {
		return false
	}
	return slices.EqualFunc(sortedInstances(a.Instances), sortedInstances(b.Instances), sameInstance)
}

func sameInstance(a, b *Instance) bool {
	return a.Key == b.Key &&
		a.Status == b.Status && a.Deposed == b.Deposed &&
		a.SchemaVersion == b.SchemaVersion &&
		a.CreateBeforeDestroy == b.CreateBeforeDestroy &&
		slices.Equal(a.Dependencies, b.Dependencies) &&
		slices.EqualFunc(a.SensitiveAttributes, b.SensitiveAttributes, cty.Path.Equals) &&
		sameJSON(a.Attributes, b.Attributes) &&
		bytes.Equal(a.Private, b.Private) && maps.Equal(a.AttributesFlat, b.AttributesFlat)
}

// sameJSON compares two JSON texts, ignoring insignificant white space.
func sameJSON(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	ca, cb := jsontext.Value(bytes.Clone(a)), jsontext.Value(bytes.Clone(b))
	if ca.Compact() != nil || cb.Compact() != nil {
		return false
	}
	return bytes.Equal(ca, cb)
}

func sortedResources(rs []*Resource) []*Resource {
	c := slices.Clone(rs)
	slices.SortStableFunc(c, func(a, b *Resource) int { return cmpBy(resourceLess, a, b) })
	return c
}

func sortedInstances(is []*Instance) []*Instance {
	c := slices.Clone(is)
	slices.SortStableFunc(c, func(a, b *Instance) int { return cmpBy(instanceLess, a, b) })
	return c
}

func cmpBy[T any](less func(a, b T) bool, a, b T) int {
	switch {
	case less(a, b):
		return -1
	case less(b, a):
		return 1
	}
	return 0
}
