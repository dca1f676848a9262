package schema

import (
	"sort"

	"github.com/zclconf/go-cty/cty"
)

// Block describes a configuration block: its attributes and nested blocks.
type Block struct {
	Attributes  map[string]*Attribute
	BlockTypes  map[string]*NestedBlock
	Description string
}

// Attribute describes one attribute of a Block.
type Attribute struct {
	// Type is the attribute's value type.
	Type cty.Type
	// ConfigType, when not cty.NilType, is the type configuration is
	// converted with: Type with the optional attributes of its objects
	// marked optional (cty.ObjectWithOptionalAttrs), as a plugin's nested
	// attributes declare. Values still have Type.
	ConfigType cty.Type
	// Required attributes must be set in configuration.
	Required bool
	// Optional attributes may be set in configuration.
	Optional bool
	// Computed attributes may be set by the provider. Optional+Computed
	// attributes are set by the provider when configuration leaves them null.
	Computed bool
	// Sensitive values are redacted in every output and marked in state.
	Sensitive bool
	// ForceNew means a change to this attribute replaces the object.
	ForceNew bool
	// WriteOnly attributes (Terraform 1.11) are sent to the provider in
	// configuration but never planned, stored or read back: the provider
	// returns them null, and they may take ephemeral values.
	WriteOnly bool
	// Description is documentation for users.
	Description string
}

// Nesting says how many times a nested block may appear and how its values
// are collected.
type Nesting int

const (
	// NestingSingle is a block that appears at most once: an object.
	NestingSingle Nesting = iota
	// NestingList is a block that may repeat, in order: a list of objects.
	NestingList
	// NestingSet is a block that may repeat, unordered: a set of objects.
	NestingSet
	// NestingMap is a labelled block that may repeat: a map of objects.
	NestingMap
)

// String returns the nesting mode's name.
func (n Nesting) String() string {
	switch n {
	case NestingSingle:
		return "single"
	case NestingList:
		return "list"
	case NestingSet:
		return "set"
	case NestingMap:
		return "map"
	}
	return "invalid"
}

// NestedBlock describes a block type that may appear inside a Block.
type NestedBlock struct {
	Block
	Nesting  Nesting
	MinItems int
	MaxItems int
	// ForceNew means any change inside this block replaces the object.
	ForceNew bool
}

// ImpliedType returns the cty object type that values of this block have.
func (b *Block) ImpliedType() cty.Type {
	if b == nil {
		return cty.EmptyObject
	}
	atys := make(map[string]cty.Type, len(b.Attributes)+len(b.BlockTypes))
	for name, a := range b.Attributes {
		atys[name] = a.Type
	}
	for name, nb := range b.BlockTypes {
		atys[name] = nb.ImpliedType()
	}
	return cty.Object(atys)
}

// ImpliedType returns the type of this nested block's value in its parent.
func (nb *NestedBlock) ImpliedType() cty.Type {
	ety := nb.Block.ImpliedType()
	switch nb.Nesting {
	case NestingList:
		return cty.List(ety)
	case NestingSet:
		return cty.Set(ety)
	case NestingMap:
		return cty.Map(ety)
	default:
		return ety
	}
}

// HasSensitive reports whether b or a block nested in it declares a
// sensitive attribute.
func (b *Block) HasSensitive() bool {
	for _, a := range b.Attributes {
		if a.Sensitive {
			return true
		}
	}
	for _, nb := range b.BlockTypes {
		if nb.Block.HasSensitive() {
			return true
		}
	}
	return false
}

// AttributeNames returns the block's attribute names in sorted order.
func (b *Block) AttributeNames() []string {
	names := make([]string, 0, len(b.Attributes))
	for n := range b.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// BlockTypeNames returns the block's nested block type names in sorted order.
func (b *Block) BlockTypeNames() []string {
	names := make([]string, 0, len(b.BlockTypes))
	for n := range b.BlockTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Resource is the schema of one resource or data source type.
type Resource struct {
	// Version is the schema version recorded in state with each object.
	Version int64
	Block   *Block
}

// ProviderSchema is everything a provider declares.
type ProviderSchema struct {
	// Provider is the schema of the provider's own configuration block.
	Provider    *Block
	Resources   map[string]*Resource
	DataSources map[string]*Resource
	// EphemeralResources are the ephemeral resource types (Terraform
	// 1.10): objects opened for the length of a plan or an apply and
	// never stored.
	EphemeralResources map[string]*Resource
}
