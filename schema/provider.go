package schema

import (
	"context"

	"github.com/zclconf/go-cty/cty"
)

// Provider manages the objects of one kind of platform. The engine calls
// GetSchema first, then Configure once, then the other methods, possibly
// concurrently from many goroutines: implementations must be safe for
// concurrent use after Configure returns.
//
// Every value a provider receives conforms to its schema's implied type and
// carries no cty marks. Cancelling ctx asks a call to stop as soon as it
// safely can; a call that already changed a remote object must still return
// the new value so that the engine can record it.
type Provider interface {
	// GetSchema returns the provider's schemas. It must not depend on
	// configuration and may be called before Configure.
	GetSchema(ctx context.Context) GetSchemaResponse
	// Configure receives the provider block's value.
	Configure(ctx context.Context, req ConfigureRequest) ConfigureResponse
	// ValidateResource checks a resource or data source configuration
	// beyond what the schema says. Values may be unknown.
	ValidateResource(ctx context.Context, req ValidateResourceRequest) ValidateResourceResponse
	// ReadResource refreshes a managed object from the platform. A null
	// NewState means the object no longer exists.
	ReadResource(ctx context.Context, req ReadResourceRequest) ReadResourceResponse
	// PlanResource proposes the value an object will have after apply, with
	// unknown values where only the platform can tell, and the attribute
	// paths whose change forces replacement.
	PlanResource(ctx context.Context, req PlanResourceRequest) PlanResourceResponse
	// ApplyResource creates (null PriorState), updates, or deletes (null
	// PlannedState) an object, and returns its new value (null after delete).
	ApplyResource(ctx context.Context, req ApplyResourceRequest) ApplyResourceResponse
	// ImportResource finds existing objects by their import ID.
	ImportResource(ctx context.Context, req ImportResourceRequest) ImportResourceResponse
	// ReadData reads a data source.
	ReadData(ctx context.Context, req ReadDataRequest) ReadDataResponse

	// ProtocolProvider holds the calls of the plugin protocol that most
	// built-in providers answer with ProviderDefaults.
	ProtocolProvider
}

// Factory makes a new, unconfigured instance of a provider.
type Factory func() Provider

// Registry maps provider local names ("aws", "null", ...) to factories. It
// is built explicitly, in one place, by the program's main package.
type Registry map[string]Factory

// GetSchemaResponse is GetSchema's result.
type GetSchemaResponse struct {
	Schema      ProviderSchema
	Diagnostics Diagnostics
}

// ConfigureRequest holds the provider block's value.
type ConfigureRequest struct {
	Config cty.Value
}

// ConfigureResponse is Configure's result.
type ConfigureResponse struct {
	Diagnostics Diagnostics
}

// ValidateResourceRequest asks whether a configuration is valid.
type ValidateResourceRequest struct {
	TypeName string
	// DataSource is true when TypeName names a data source.
	DataSource bool
	Config     cty.Value
}

// ValidateResourceResponse is ValidateResource's result.
type ValidateResourceResponse struct {
	Diagnostics Diagnostics
}

// ReadResourceRequest asks for the current value of an object.
type ReadResourceRequest struct {
	TypeName   string
	PriorState cty.Value
	// Private is the provider's opaque data stored with the object.
	Private []byte
}

// ReadResourceResponse is ReadResource's result.
type ReadResourceResponse struct {
	NewState cty.Value
	// Private replaces the object's stored private data.
	Private     []byte
	Diagnostics Diagnostics
}

// PlanResourceRequest asks for the planned value of an object.
type PlanResourceRequest struct {
	TypeName string
	// PriorState is the refreshed current value, null for a create.
	PriorState cty.Value
	// ProposedNewState is Config with computed attributes that
	// configuration leaves null taken from PriorState (see ProposedNew).
	ProposedNewState cty.Value
	// Config is the evaluated configuration; it may hold unknown values.
	Config cty.Value
	// PriorPrivate is the private data stored with the prior object.
	PriorPrivate []byte
}

// PlanResourceResponse is PlanResource's result.
type PlanResourceResponse struct {
	PlannedState    cty.Value
	RequiresReplace []cty.Path
	// PlannedPrivate is handed back to ApplyResource with this plan.
	PlannedPrivate []byte
	// LegacyTypeSystem is set by providers written with the old SDK,
	// whose plans the engine may not hold to every consistency rule.
	LegacyTypeSystem bool
	Diagnostics      Diagnostics
}

// ApplyResourceRequest asks to make an object match its planned value.
type ApplyResourceRequest struct {
	TypeName     string
	PriorState   cty.Value
	PlannedState cty.Value
	Config       cty.Value
	// PlannedPrivate is the private data PlanResource returned.
	PlannedPrivate []byte
}

// ApplyResourceResponse is ApplyResource's result. On error, NewState is
// still the object's value as far as the provider knows (null when nothing
// was created), so that partial work is recorded.
type ApplyResourceResponse struct {
	NewState cty.Value
	// Private is stored with the new object.
	Private []byte
	// LegacyTypeSystem: see PlanResourceResponse.
	LegacyTypeSystem bool
	Diagnostics      Diagnostics
}

// ImportResourceRequest asks to adopt existing objects by import ID.
type ImportResourceRequest struct {
	TypeName string
	ID       string
}

// ImportedResource is one object found by ImportResource; the engine reads
// it with ReadResource before recording it.
type ImportedResource struct {
	TypeName string
	State    cty.Value
	// Private is stored with the object (and passed to its first read).
	Private []byte
}

// ImportResourceResponse is ImportResource's result.
type ImportResourceResponse struct {
	Imported    []ImportedResource
	Diagnostics Diagnostics
}

// ReadDataRequest asks to read a data source.
type ReadDataRequest struct {
	TypeName string
	Config   cty.Value
}

// ReadDataResponse is ReadData's result.
type ReadDataResponse struct {
	State       cty.Value
	Diagnostics Diagnostics
}
