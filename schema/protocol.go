package schema

import (
	"context"
	"encoding/json"

	"github.com/zclconf/go-cty/cty"
)

// ProtocolProvider is the part of the Provider contract that follows the
// Terraform plugin protocol beyond the resource calls: provider config
// validation, stored-state upgrades and moves, provider-defined functions,
// and the process life of a plugin (Stop, Close). Built-in providers get
// all of it by embedding ProviderDefaults.
type ProtocolProvider interface {
	// ValidateProviderConfig checks the provider block's value before
	// Configure. Values may be unknown.
	ValidateProviderConfig(ctx context.Context, req ValidateProviderConfigRequest) ValidateProviderConfigResponse
	// UpgradeResourceState turns an object stored with an older (or the
	// current) schema version into a value of the current schema. A
	// response whose UpgradedState is cty.NilVal and has no errors means
	// the provider leaves decoding to the engine (ProviderDefaults does).
	UpgradeResourceState(ctx context.Context, req UpgradeResourceStateRequest) UpgradeResourceStateResponse
	// MoveResourceState turns an object of another resource type (possibly
	// of another provider) into one of TargetTypeName (a moved block).
	MoveResourceState(ctx context.Context, req MoveResourceStateRequest) MoveResourceStateResponse
	// GetFunctions returns the provider-defined functions, callable in
	// configuration as provider::NAME::FUNC(...).
	GetFunctions(ctx context.Context) GetFunctionsResponse
	// CallFunction calls one provider-defined function. It may be called
	// before Configure.
	CallFunction(ctx context.Context, req CallFunctionRequest) CallFunctionResponse
	// Stop asks every call in flight to return as soon as it safely can
	// (on interrupt). It returns at once; calls still return their values.
	Stop(ctx context.Context) error
	// Close releases the provider (ends a plugin process). No call may be
	// made after Close.
	Close() error
	// EphemeralProvider holds the ephemeral resource calls.
	EphemeralProvider
}

// ValidateProviderConfigRequest holds the provider block's value.
type ValidateProviderConfigRequest struct {
	Config cty.Value
}

// ValidateProviderConfigResponse is ValidateProviderConfig's result.
type ValidateProviderConfigResponse struct {
	Diagnostics Diagnostics
}

// UpgradeResourceStateRequest holds a stored object as state recorded it.
type UpgradeResourceStateRequest struct {
	TypeName string
	// Version is the schema version the object was stored with.
	Version int64
	// RawJSON is the stored attributes (state v4 "attributes"), or nil.
	RawJSON json.RawMessage
	// RawFlatmap is the legacy flatmap form ("attributes_flat"), or nil.
	RawFlatmap map[string]string
}

// UpgradeResourceStateResponse is UpgradeResourceState's result.
type UpgradeResourceStateResponse struct {
	// UpgradedState conforms to the current schema; cty.NilVal means
	// "decode RawJSON with the current schema yourself".
	UpgradedState cty.Value
	Diagnostics   Diagnostics
}

// MoveResourceStateRequest holds an object of another resource type.
type MoveResourceStateRequest struct {
	// SourceProviderAddress is the source provider's full address
	// (registry.terraform.io/hashicorp/null).
	SourceProviderAddress string
	SourceTypeName        string
	SourceSchemaVersion   int64
	// SourceStateJSON is the source object's stored attributes.
	SourceStateJSON json.RawMessage
	SourcePrivate   []byte
	TargetTypeName  string
}

// MoveResourceStateResponse is MoveResourceState's result.
type MoveResourceStateResponse struct {
	TargetState   cty.Value
	TargetPrivate []byte
	Diagnostics   Diagnostics
}

// FunctionParam is one parameter of a provider-defined function.
type FunctionParam struct {
	Name string
	Type cty.Type
	// AllowNull lets a null argument reach the provider.
	AllowNull bool
	// AllowUnknown lets an unknown argument reach the provider; otherwise
	// the result is unknown without a call.
	AllowUnknown bool
	Description  string
}

// Function is the signature of a provider-defined function.
type Function struct {
	Parameters []FunctionParam
	// VariadicParameter, when set, takes any number of final arguments.
	VariadicParameter *FunctionParam
	Return            cty.Type
	Summary           string
	Description       string
}

// GetFunctionsResponse is GetFunctions' result.
type GetFunctionsResponse struct {
	Functions   map[string]*Function
	Diagnostics Diagnostics
}

// CallFunctionRequest calls the function Name with Arguments.
type CallFunctionRequest struct {
	Name      string
	Arguments []cty.Value
}

// CallFunctionResponse is CallFunction's result. Err, when set, is the
// function's own error; Argument, when not -1, is the index of the
// argument at fault.
type CallFunctionResponse struct {
	Result   cty.Value
	Err      error
	Argument int
}

// ProviderDefaults answers the ProtocolProvider calls for a built-in
// provider that has no use for them: no provider config checks, state
// decoded by the engine with the current schema, no moves from other
// types, no functions, nothing to stop or close. Embed it in a Provider.
type ProviderDefaults struct{}

// ValidateProviderConfig accepts every configuration.
func (ProviderDefaults) ValidateProviderConfig(context.Context, ValidateProviderConfigRequest) ValidateProviderConfigResponse {
	return ValidateProviderConfigResponse{}
}

// UpgradeResourceState leaves decoding to the engine.
func (ProviderDefaults) UpgradeResourceState(context.Context, UpgradeResourceStateRequest) UpgradeResourceStateResponse {
	return UpgradeResourceStateResponse{UpgradedState: cty.NilVal}
}

// MoveResourceState refuses every move between resource types.
func (ProviderDefaults) MoveResourceState(_ context.Context, req MoveResourceStateRequest) MoveResourceStateResponse {
	return MoveResourceStateResponse{Diagnostics: Errorf(nil, "Move resource state not supported",
		"The provider of "+req.TargetTypeName+" cannot take objects of type "+req.SourceTypeName+".")}
}

// GetFunctions returns no functions.
func (ProviderDefaults) GetFunctions(context.Context) GetFunctionsResponse {
	return GetFunctionsResponse{}
}

// CallFunction reports that the function does not exist.
func (ProviderDefaults) CallFunction(_ context.Context, req CallFunctionRequest) CallFunctionResponse {
	return CallFunctionResponse{Err: errNoFunction(req.Name), Argument: -1}
}

// Stop does nothing: built-in calls honour ctx.
func (ProviderDefaults) Stop(context.Context) error { return nil }

// Close does nothing.
func (ProviderDefaults) Close() error { return nil }

type errNoFunction string

func (e errNoFunction) Error() string { return "the provider has no function " + string(e) }
