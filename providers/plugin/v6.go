package plugin

import (
	"context"
	"errors"

	"github.com/trueup/trueup/providers/plugin/internal/tfplugin6"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/proto"
)

// conn6 speaks protocol 6 to a plugin process.
type conn6 struct {
	c tfplugin6.ProviderClient
}

func dv6(v cty.Value, ty cty.Type) (*tfplugin6.DynamicValue, error) {
	b, err := encodeValue(v, ty)
	if err != nil {
		return nil, err
	}
	return &tfplugin6.DynamicValue{Msgpack: b}, nil
}

func val6(dv *tfplugin6.DynamicValue, ty cty.Type) (cty.Value, error) {
	return decodeValue(dv.GetMsgpack(), dv.GetJson(), ty)
}

func deferred6(d *tfplugin6.Deferred) schema.Diagnostics {
	if d == nil {
		return nil
	}
	return deferredDiag(d.GetReason().String())
}

func (c *conn6) getSchema(ctx context.Context) (*schemas, []byte, schema.Diagnostics, error) {
	resp, err := c.c.GetProviderSchema(ctx, &tfplugin6.GetProviderSchema_Request{})
	if err != nil {
		return nil, nil, nil, err
	}
	diags := diags6(resp.GetDiagnostics())
	if diags.HasErrors() {
		return nil, nil, diags, nil
	}
	s, err := schemas6(resp)
	if err != nil {
		return nil, nil, append(diags, schema.FromErr(err, "Invalid provider schema")...), nil
	}
	raw, err := proto.Marshal(resp)
	return s, raw, diags, err
}

func (c *conn6) validateProviderConfig(ctx context.Context, s *schemas, req schema.ValidateProviderConfigRequest) (schema.Diagnostics, error) {
	cfg, err := dv6(req.Config, s.provider.Provider.ImpliedType())
	if err != nil {
		return encodeDiag(err), nil
	}
	resp, err := c.c.ValidateProviderConfig(ctx, &tfplugin6.ValidateProviderConfig_Request{Config: cfg})
	return diags6(resp.GetDiagnostics()), err
}

func (c *conn6) configure(ctx context.Context, s *schemas, req schema.ConfigureRequest) (schema.Diagnostics, error) {
	cfg, err := dv6(req.Config, s.provider.Provider.ImpliedType())
	if err != nil {
		return encodeDiag(err), nil
	}
	resp, err := c.c.ConfigureProvider(ctx, &tfplugin6.ConfigureProvider_Request{TerraformVersion: terraformVersion, Config: cfg})
	return diags6(resp.GetDiagnostics()), err
}

func (c *conn6) validateResource(ctx context.Context, s *schemas, req schema.ValidateResourceRequest) (schema.Diagnostics, error) {
	ty, err := typeOf(s, req.TypeName, req.DataSource)
	if err != nil {
		return encodeDiag(err), nil
	}
	cfg, err := dv6(req.Config, ty)
	if err != nil {
		return encodeDiag(err), nil
	}
	if req.DataSource {
		resp, err := c.c.ValidateDataResourceConfig(ctx, &tfplugin6.ValidateDataResourceConfig_Request{TypeName: req.TypeName, Config: cfg})
		return diags6(resp.GetDiagnostics()), err
	}
	resp, err := c.c.ValidateResourceConfig(ctx, &tfplugin6.ValidateResourceConfig_Request{TypeName: req.TypeName, Config: cfg,
		ClientCapabilities: &tfplugin6.ClientCapabilities{WriteOnlyAttributesAllowed: true}})
	return diags6(resp.GetDiagnostics()), err
}

func (c *conn6) upgradeResourceState(ctx context.Context, s *schemas, req schema.UpgradeResourceStateRequest) (schema.UpgradeResourceStateResponse, error) {
	var out schema.UpgradeResourceStateResponse
	ty, err := s.resourceType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.UpgradeResourceState(ctx, &tfplugin6.UpgradeResourceState_Request{
		TypeName: req.TypeName, Version: req.Version,
		RawState: &tfplugin6.RawState{Json: req.RawJSON, Flatmap: req.RawFlatmap},
	})
	if err != nil {
		return out, err
	}
	out.Diagnostics = diags6(resp.GetDiagnostics())
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.UpgradedState, err = val6(resp.GetUpgradedState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn6) readResource(ctx context.Context, s *schemas, req schema.ReadResourceRequest) (schema.ReadResourceResponse, error) {
	var out schema.ReadResourceResponse
	ty, err := s.resourceType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	cur, err := dv6(req.PriorState, ty)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.ReadResource(ctx, &tfplugin6.ReadResource_Request{TypeName: req.TypeName, CurrentState: cur, Private: req.Private})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags6(resp.GetDiagnostics()), deferred6(resp.GetDeferred())...)
	out.Private = resp.GetPrivate()
	out.NewState, err = val6(resp.GetNewState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn6) planResource(ctx context.Context, s *schemas, req schema.PlanResourceRequest) (schema.PlanResourceResponse, error) {
	var out schema.PlanResourceResponse
	ty, err := s.resourceType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	prior, err1 := dv6(req.PriorState, ty)
	proposed, err2 := dv6(req.ProposedNewState, ty)
	cfg, err3 := dv6(req.Config, ty)
	if err := errors.Join(err1, err2, err3); err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.PlanResourceChange(ctx, &tfplugin6.PlanResourceChange_Request{
		TypeName: req.TypeName, PriorState: prior, ProposedNewState: proposed, Config: cfg, PriorPrivate: req.PriorPrivate,
	})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags6(resp.GetDiagnostics()), deferred6(resp.GetDeferred())...)
	out.RequiresReplace = paths6(resp.GetRequiresReplace())
	out.PlannedPrivate = resp.GetPlannedPrivate()
	out.LegacyTypeSystem = resp.GetLegacyTypeSystem()
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.PlannedState, err = val6(resp.GetPlannedState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn6) applyResource(ctx context.Context, s *schemas, req schema.ApplyResourceRequest) (schema.ApplyResourceResponse, error) {
	var out schema.ApplyResourceResponse
	ty, err := s.resourceType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	prior, err1 := dv6(req.PriorState, ty)
	planned, err2 := dv6(req.PlannedState, ty)
	cfg, err3 := dv6(req.Config, ty)
	if err := errors.Join(err1, err2, err3); err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.ApplyResourceChange(ctx, &tfplugin6.ApplyResourceChange_Request{
		TypeName: req.TypeName, PriorState: prior, PlannedState: planned, Config: cfg, PlannedPrivate: req.PlannedPrivate,
	})
	if err != nil {
		return out, err
	}
	out.Diagnostics = diags6(resp.GetDiagnostics())
	out.Private = resp.GetPrivate()
	out.LegacyTypeSystem = resp.GetLegacyTypeSystem()
	out.NewState, err = val6(resp.GetNewState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn6) importResource(ctx context.Context, s *schemas, req schema.ImportResourceRequest) (schema.ImportResourceResponse, error) {
	var out schema.ImportResourceResponse
	resp, err := c.c.ImportResourceState(ctx, &tfplugin6.ImportResourceState_Request{TypeName: req.TypeName, Id: req.ID})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags6(resp.GetDiagnostics()), deferred6(resp.GetDeferred())...)
	for _, imp := range resp.GetImportedResources() {
		ty, err := s.resourceType(imp.GetTypeName())
		if err != nil {
			out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
			continue
		}
		v, err := val6(imp.GetState(), ty)
		if err != nil {
			out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
			continue
		}
		out.Imported = append(out.Imported, schema.ImportedResource{TypeName: imp.GetTypeName(), State: v, Private: imp.GetPrivate()})
	}
	return out, nil
}

func (c *conn6) moveResourceState(ctx context.Context, s *schemas, req schema.MoveResourceStateRequest) (schema.MoveResourceStateResponse, error) {
	var out schema.MoveResourceStateResponse
	ty, err := s.resourceType(req.TargetTypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.MoveResourceState(ctx, &tfplugin6.MoveResourceState_Request{
		SourceProviderAddress: req.SourceProviderAddress, SourceTypeName: req.SourceTypeName,
		SourceSchemaVersion: req.SourceSchemaVersion, SourceState: &tfplugin6.RawState{Json: req.SourceStateJSON},
		TargetTypeName: req.TargetTypeName, SourcePrivate: req.SourcePrivate,
	})
	if err != nil {
		return out, err
	}
	out.Diagnostics = diags6(resp.GetDiagnostics())
	out.TargetPrivate = resp.GetTargetPrivate()
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.TargetState, err = val6(resp.GetTargetState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn6) readData(ctx context.Context, s *schemas, req schema.ReadDataRequest) (schema.ReadDataResponse, error) {
	var out schema.ReadDataResponse
	ty, err := s.dataType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	cfg, err := dv6(req.Config, ty)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.ReadDataSource(ctx, &tfplugin6.ReadDataSource_Request{TypeName: req.TypeName, Config: cfg})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags6(resp.GetDiagnostics()), deferred6(resp.GetDeferred())...)
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.State, err = val6(resp.GetState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn6) callFunction(ctx context.Context, f *schema.Function, req schema.CallFunctionRequest) (schema.CallFunctionResponse, error) {
	out := schema.CallFunctionResponse{Argument: -1}
	args := make([]*tfplugin6.DynamicValue, len(req.Arguments))
	for i, a := range req.Arguments {
		dv, err := dv6(a, paramType(f, i))
		if err != nil {
			out.Err, out.Argument = err, i
			return out, nil
		}
		args[i] = dv
	}
	resp, err := c.c.CallFunction(ctx, &tfplugin6.CallFunction_Request{Name: req.Name, Arguments: args})
	if err != nil {
		return out, err
	}
	if fe := resp.GetError(); fe != nil {
		out.Err = errors.New(fe.GetText())
		if fe.FunctionArgument != nil {
			out.Argument = int(fe.GetFunctionArgument())
		}
		return out, nil
	}
	out.Result, out.Err = val6(resp.GetResult(), f.Return)
	return out, nil
}

func (c *conn6) stop(ctx context.Context) error {
	resp, err := c.c.StopProvider(ctx, &tfplugin6.StopProvider_Request{})
	if err != nil {
		return err
	}
	if msg := resp.GetError(); msg != "" {
		return errors.New(msg)
	}
	return nil
}
