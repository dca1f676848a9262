package plugin

import (
	"context"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// terraformVersion is the Terraform version trueup reports to providers
// in ConfigureProvider: the language and protocol level it implements.
const terraformVersion = "1.11.4"

// conn is one protocol version's adaptor: it turns the engine's requests
// into gRPC messages and back. Transport failures come back as error,
// everything the provider said as diagnostics.
type conn interface {
	getSchema(ctx context.Context) (*schemas, []byte, schema.Diagnostics, error)
	validateProviderConfig(ctx context.Context, s *schemas, req schema.ValidateProviderConfigRequest) (schema.Diagnostics, error)
	configure(ctx context.Context, s *schemas, req schema.ConfigureRequest) (schema.Diagnostics, error)
	validateResource(ctx context.Context, s *schemas, req schema.ValidateResourceRequest) (schema.Diagnostics, error)
	upgradeResourceState(ctx context.Context, s *schemas, req schema.UpgradeResourceStateRequest) (schema.UpgradeResourceStateResponse, error)
	readResource(ctx context.Context, s *schemas, req schema.ReadResourceRequest) (schema.ReadResourceResponse, error)
	planResource(ctx context.Context, s *schemas, req schema.PlanResourceRequest) (schema.PlanResourceResponse, error)
	applyResource(ctx context.Context, s *schemas, req schema.ApplyResourceRequest) (schema.ApplyResourceResponse, error)
	importResource(ctx context.Context, s *schemas, req schema.ImportResourceRequest) (schema.ImportResourceResponse, error)
	moveResourceState(ctx context.Context, s *schemas, req schema.MoveResourceStateRequest) (schema.MoveResourceStateResponse, error)
	readData(ctx context.Context, s *schemas, req schema.ReadDataRequest) (schema.ReadDataResponse, error)
	// validateEphemeral sends ValidateEphemeralResourceConfig.
	validateEphemeral(ctx context.Context, s *schemas, req schema.ValidateEphemeralResourceRequest) (schema.Diagnostics, error)
	// openEphemeral sends OpenEphemeralResource; a deferral comes back
	// as an error diagnostic.
	openEphemeral(ctx context.Context, s *schemas, req schema.OpenEphemeralResourceRequest) (schema.OpenEphemeralResourceResponse, error)
	// renewEphemeral sends RenewEphemeralResource.
	renewEphemeral(ctx context.Context, s *schemas, req schema.RenewEphemeralResourceRequest) (schema.RenewEphemeralResourceResponse, error)
	// closeEphemeral sends CloseEphemeralResource.
	closeEphemeral(ctx context.Context, s *schemas, req schema.CloseEphemeralResourceRequest) (schema.Diagnostics, error)
	callFunction(ctx context.Context, f *schema.Function, req schema.CallFunctionRequest) (schema.CallFunctionResponse, error)
	stop(ctx context.Context) error
}

var (
	_ conn = (*conn5)(nil)
	_ conn = (*conn6)(nil)
)

func typeOf(s *schemas, typeName string, data bool) (cty.Type, error) {
	if data {
		return s.dataType(typeName)
	}
	return s.resourceType(typeName)
}

// paramType is the type of argument i of f.
func paramType(f *schema.Function, i int) cty.Type {
	if i < len(f.Parameters) {
		return f.Parameters[i].Type
	}
	if f.VariadicParameter != nil {
		return f.VariadicParameter.Type
	}
	return cty.DynamicPseudoType
}

func encodeDiag(err error) schema.Diagnostics {
	return schema.FromErr(err, "Cannot encode a value for the provider")
}

func decodeDiag(err error) schema.Diagnostics {
	return schema.FromErr(err, "Provider returned an invalid value")
}

func deferredDiag(reason string) schema.Diagnostics {
	return schema.Errorf(nil, "Provider deferred the change",
		"The provider asked to defer this action (reason: "+reason+"). trueup does not run deferred actions: "+
			"make the values this object depends on known (for example with -target), then plan again.")
}
