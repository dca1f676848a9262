package plugin

import (
	"fmt"
	"sync"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// schemas is what GetProviderSchema told, in the engine's terms.
type schemas struct {
	provider  schema.ProviderSchema
	functions map[string]*schema.Function
	// optional is the server capability get_provider_schema_optional: a
	// new process needs no GetProviderSchema call before other calls.
	optional bool
	// planDestroy is the server capability plan_destroy.
	planDestroy bool

	// types caches each resource type's, data source's and ephemeral
	// resource type's value type, derived on first use: every call
	// encodes and decodes with it, and a large schema's type takes many
	// allocations to build.
	types sync.Map // "r:NAME", "d:NAME" or "e:NAME" -> cty.Type
}

// resourceType returns the value type of a managed resource type.
func (s *schemas) resourceType(name string) (cty.Type, error) {
	return s.valueType("r:", name, s.provider.Resources, "resource type")
}

// dataType returns the value type of a data source.
func (s *schemas) dataType(name string) (cty.Type, error) {
	return s.valueType("d:", name, s.provider.DataSources, "data source")
}

// ephemeralType returns the value type of an ephemeral resource type.
func (s *schemas) ephemeralType(name string) (cty.Type, error) {
	return s.valueType("e:", name, s.provider.EphemeralResources, "ephemeral resource type")
}

func (s *schemas) valueType(kind, name string, all map[string]*schema.Resource, what string) (cty.Type, error) {
	if ty, ok := s.types.Load(kind + name); ok {
		return ty.(cty.Type), nil
	}
	r, ok := all[name]
	if !ok {
		return cty.NilType, fmt.Errorf("the provider has no %s %q", what, name)
	}
	ty := r.Block.ImpliedType()
	s.types.Store(kind+name, ty)
	return ty, nil
}

// objectNesting is a nested attribute's nesting mode (protocol 6).
type objectNesting int

const (
	nestSingle objectNesting = iota
	nestList
	nestSet
	nestMap
)

// nestedAttrType returns the type of a protocol-6 nested attribute: an
// object of its attributes, collected as its nesting says.
func nestedAttrType(attrs map[string]cty.Type, n objectNesting) cty.Type {
	return collect(cty.Object(attrs), n)
}

// collect returns the type of obj collected as n says.
func collect(obj cty.Type, n objectNesting) cty.Type {
	switch n {
	case nestList:
		return cty.List(obj)
	case nestSet:
		return cty.Set(obj)
	case nestMap:
		return cty.Map(obj)
	default:
		return obj
	}
}
