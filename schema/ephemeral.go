package schema

import (
	"context"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// EphemeralProvider is the part of the Provider contract for ephemeral
// resources (Terraform 1.10): objects a provider opens for the length of
// one plan or apply, such as a short-lived credential, renews while they
// are in use, and closes; the engine never stores them. Providers without
// ephemeral resource types get it from ProviderDefaults.
type EphemeralProvider interface {
	// ValidateEphemeralResource checks an ephemeral resource's
	// configuration beyond what its schema says. Values may be unknown.
	ValidateEphemeralResource(ctx context.Context, req ValidateEphemeralResourceRequest) ValidateEphemeralResourceResponse
	// OpenEphemeralResource opens one: its result, and the private data
	// its renewals and its close are given.
	OpenEphemeralResource(ctx context.Context, req OpenEphemeralResourceRequest) OpenEphemeralResourceResponse
	// RenewEphemeralResource extends an open one's life, at or after the
	// RenewAt its open or last renewal asked for.
	RenewEphemeralResource(ctx context.Context, req RenewEphemeralResourceRequest) RenewEphemeralResourceResponse
	// CloseEphemeralResource releases an open one.
	CloseEphemeralResource(ctx context.Context, req CloseEphemeralResourceRequest) CloseEphemeralResourceResponse
}

// ValidateEphemeralResourceRequest holds an ephemeral resource's
// configuration.
type ValidateEphemeralResourceRequest struct {
	TypeName string
	Config   cty.Value
}

// ValidateEphemeralResourceResponse is ValidateEphemeralResource's result.
type ValidateEphemeralResourceResponse struct {
	Diagnostics Diagnostics
}

// OpenEphemeralResourceRequest holds a wholly known configuration.
type OpenEphemeralResourceRequest struct {
	TypeName string
	Config   cty.Value
}

// OpenEphemeralResourceResponse is OpenEphemeralResource's result.
type OpenEphemeralResourceResponse struct {
	// Result conforms to the type's schema.
	Result cty.Value
	// Private is given to the renewals and the close.
	Private []byte
	// RenewAt, when not zero, is when the engine must renew it if it is
	// still in use.
	RenewAt     time.Time
	Diagnostics Diagnostics
}

// RenewEphemeralResourceRequest names an open ephemeral resource.
type RenewEphemeralResourceRequest struct {
	TypeName string
	Private  []byte
}

// RenewEphemeralResourceResponse is RenewEphemeralResource's result.
type RenewEphemeralResourceResponse struct {
	// Private replaces the private data.
	Private []byte
	// RenewAt, when not zero, is when to renew it again.
	RenewAt     time.Time
	Diagnostics Diagnostics
}

// CloseEphemeralResourceRequest names an open ephemeral resource.
type CloseEphemeralResourceRequest struct {
	TypeName string
	Private  []byte
}

// CloseEphemeralResourceResponse is CloseEphemeralResource's result.
type CloseEphemeralResourceResponse struct {
	Diagnostics Diagnostics
}

// ValidateEphemeralResource accepts every configuration.
func (ProviderDefaults) ValidateEphemeralResource(context.Context, ValidateEphemeralResourceRequest) ValidateEphemeralResourceResponse {
	return ValidateEphemeralResourceResponse{}
}

// OpenEphemeralResource reports that the provider has no such type.
func (ProviderDefaults) OpenEphemeralResource(_ context.Context, req OpenEphemeralResourceRequest) OpenEphemeralResourceResponse {
	return OpenEphemeralResourceResponse{Diagnostics: noEphemeral(req.TypeName)}
}

// RenewEphemeralResource reports that the provider has no such type.
func (ProviderDefaults) RenewEphemeralResource(_ context.Context, req RenewEphemeralResourceRequest) RenewEphemeralResourceResponse {
	return RenewEphemeralResourceResponse{Diagnostics: noEphemeral(req.TypeName)}
}

// CloseEphemeralResource reports that the provider has no such type.
func (ProviderDefaults) CloseEphemeralResource(_ context.Context, req CloseEphemeralResourceRequest) CloseEphemeralResourceResponse {
	return CloseEphemeralResourceResponse{Diagnostics: noEphemeral(req.TypeName)}
}

func noEphemeral(typ string) Diagnostics {
	return Errorf(nil, "Unsupported ephemeral resource type", "The provider has no ephemeral resource type "+typ+".")
}
