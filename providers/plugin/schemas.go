package plugin

import (
	"fmt"

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
}

// resourceType returns the value type of a managed resource type.
func (s *schemas) resourceType(name string) (cty.Type, error) {
	r, ok := s.provider.Resources[name]
	if !ok {
		return cty.NilType, fmt.Errorf("the provider has no resource type %q", name)
	}
	return r.Block.ImpliedType(), nil
}

// dataType returns the value type of a data source.
func (s *schemas) dataType(name string) (cty.Type, error) {
	r, ok := s.provider.DataSources[name]
	if !ok {
		return cty.NilType, fmt.Errorf("the provider has no data source %q", name)
	}
	return r.Block.ImpliedType(), nil
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
