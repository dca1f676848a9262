package plugin

import (
	"context"
	"errors"

	"github.com/trueup/trueup/providers/plugin/internal/tfplugin5"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/proto"
)

// conn5 speaks protocol 5 to a plugin process.
type conn5 struct {
	c tfplugin5.ProviderClient
}

func dv5(v cty.Value, ty cty.Type) (*tfplugin5.DynamicValue, error) {
	b, err := encodeValue(v, ty)
	if err != nil {
		return nil, err
	}
	return &tfplugin5.DynamicValue{Msgpack: b}, nil
}

func val5(dv *tfplugin5.DynamicValue, ty cty.Type) (cty.Value, error) {
	return decodeValue(dv.GetMsgpack(), dv.GetJson(), ty)
}

func deferred5(d *tfplugin5.Deferred) schema.Diagnostics {
	if d == nil {
		return nil
	}
	return deferredDiag(d.GetReason().String())
}

func (c *conn5) getSchema(ctx context.Context) (*schemas, []byte, schema.Diagnostics, error) {
	resp, err := c.c.GetSchema(ctx, &tfplugin5.GetProviderSchema_Request{})
	if err != nil {
		return nil, nil, nil, err
	}
	diags := diags5(resp.GetDiagnostics())
	if diags.HasErrors() {
		return nil, nil, diags, nil
	}
	s, err := schemas5(resp)
	if err != nil {
		return nil, nil, append(diags, schema.FromErr(err, "Invalid provider schema")...), nil
	}
	raw, err := proto.Marshal(resp)
	return s, raw, diags, err
}

func (c *conn5) validateProviderConfig(ctx context.Context, s *schemas, req schema.ValidateProviderConfigRequest) (schema.Diagnostics, error) {
	cfg, err := dv5(req.Config, s.provider.Provider.ImpliedType())
	if err != nil {
		return encodeDiag(err), nil
	}
	resp, err := c.c.PrepareProviderConfig(ctx, &tfplugin5.PrepareProviderConfig_Request{Config: cfg})
	return diags5(resp.GetDiagnostics()), err
}

func (c *conn5) configure(ctx context.Context, s *schemas, req schema.ConfigureRequest) (schema.Diagnostics, error) {
	cfg, err := dv5(req.Config, s.provider.Provider.ImpliedType())
	if err != nil {
		return encodeDiag(err), nil
	}
	resp, err := c.c.Configure(ctx, &tfplugin5.Configure_Request{TerraformVersion: terraformVersion, Config: cfg})
	return diags5(resp.GetDiagnostics()), err
}

func (c *conn5) validateResource(ctx context.Context, s *schemas, req schema.ValidateResourceRequest) (schema.Diagnostics, error) {
	ty, err := typeOf(s, req.TypeName, req.DataSource)
	if err != nil {
		return encodeDiag(err), nil
	}
	cfg, err := dv5(req.Config, ty)
	if err != nil {
		return encodeDiag(err), nil
	}
	if req.DataSource {
		resp, err := c.c.ValidateDataSourceConfig(ctx, &tfplugin5.ValidateDataSourceConfig_Request{TypeName: req.TypeName, Config: cfg})
		return diags5(resp.GetDiagnostics()), err
	}
	resp, err := c.c.ValidateResourceTypeConfig(ctx, &tfplugin5.ValidateResourceTypeConfig_Request{TypeName: req.TypeName, Config: cfg,
		ClientCapabilities: &tfplugin5.ClientCapabilities{WriteOnlyAttributesAllowed: true}})
	return diags5(resp.GetDiagnostics()), err
}

func (c *conn5) upgradeResourceState(ctx context.Context, s *schemas, req schema.UpgradeResourceStateRequest) (schema.UpgradeResourceStateResponse, error) {
	var out schema.UpgradeResourceStateResponse
	ty, err := s.resourceType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.UpgradeResourceState(ctx, &tfplugin5.UpgradeResourceState_Request{
		TypeName: req.TypeName, Version: req.Version,
		RawState: &tfplugin5.RawState{Json: req.RawJSON, Flatmap: req.RawFlatmap},
	})
	if err != nil {
		return out, err
	}
	out.Diagnostics = diags5(resp.GetDiagnostics())
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.UpgradedState, err = val5(resp.GetUpgradedState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn5) readResource(ctx context.Context, s *schemas, req schema.ReadResourceRequest) (schema.ReadResourceResponse, error) {
	var out schema.ReadResourceResponse
	ty, err := s.resourceType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	cur, err := dv5(req.PriorState, ty)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.ReadResource(ctx, &tfplugin5.ReadResource_Request{TypeName: req.TypeName, CurrentState: cur, Private: req.Private})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags5(resp.GetDiagnostics()), deferred5(resp.GetDeferred())...)
	out.Private = resp.GetPrivate()
	out.NewState, err = val5(resp.GetNewState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn5) planResource(ctx context.Context, s *schemas, req schema.PlanResourceRequest) (schema.PlanResourceResponse, error) {
	var out schema.PlanResourceResponse
	ty, err := s.resourceType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	prior, err1 := dv5(req.PriorState, ty)
	proposed, err2 := dv5(req.ProposedNewState, ty)
	cfg, err3 := dv5(req.Config, ty)
	if err := errors.Join(err1, err2, err3); err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.PlanResourceChange(ctx, &tfplugin5.PlanResourceChange_Request{
		TypeName: req.TypeName, PriorState: prior, ProposedNewState: proposed, Config: cfg, PriorPrivate: req.PriorPrivate,
	})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags5(resp.GetDiagnostics()), deferred5(resp.GetDeferred())...)
	out.RequiresReplace = paths5(resp.GetRequiresReplace())
	out.PlannedPrivate = resp.GetPlannedPrivate()
	out.LegacyTypeSystem = resp.GetLegacyTypeSystem()
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.PlannedState, err = val5(resp.GetPlannedState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn5) applyResource(ctx context.Context, s *schemas, req schema.ApplyResourceRequest) (schema.ApplyResourceResponse, error) {
	var out schema.ApplyResourceResponse
	ty, err := s.resourceType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	prior, err1 := dv5(req.PriorState, ty)
	planned, err2 := dv5(req.PlannedState, ty)
	cfg, err3 := dv5(req.Config, ty)
	if err := errors.Join(err1, err2, err3); err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.ApplyResourceChange(ctx, &tfplugin5.ApplyResourceChange_Request{
		TypeName: req.TypeName, PriorState: prior, PlannedState: planned, Config: cfg, PlannedPrivate: req.PlannedPrivate,
	})
	if err != nil {
		return out, err
	}
	out.Diagnostics = diags5(resp.GetDiagnostics())
	out.Private = resp.GetPrivate()
	out.LegacyTypeSystem = resp.GetLegacyTypeSystem()
	out.NewState, err = val5(resp.GetNewState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn5) importResource(ctx context.Context, s *schemas, req schema.ImportResourceRequest) (schema.ImportResourceResponse, error) {
	var out schema.ImportResourceResponse
	resp, err := c.c.ImportResourceState(ctx, &tfplugin5.ImportResourceState_Request{TypeName: req.TypeName, Id: req.ID})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags5(resp.GetDiagnostics()), deferred5(resp.GetDeferred())...)
	for _, imp := range resp.GetImportedResources() {
		ty, err := s.resourceType(imp.GetTypeName())
		if err != nil {
			out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
			continue
		}
		v, err := val5(imp.GetState(), ty)
		if err != nil {
			out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
			continue
		}
		out.Imported = append(out.Imported, schema.ImportedResource{TypeName: imp.GetTypeName(), State: v, Private: imp.GetPrivate()})
	}
	return out, nil
}

func (c *conn5) moveResourceState(ctx context.Context, s *schemas, req schema.MoveResourceStateRequest) (schema.MoveResourceStateResponse, error) {
	var out schema.MoveResourceStateResponse
	ty, err := s.resourceType(req.TargetTypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.MoveResourceState(ctx, &tfplugin5.MoveResourceState_Request{
		SourceProviderAddress: req.SourceProviderAddress, SourceTypeName: req.SourceTypeName,
		SourceSchemaVersion: req.SourceSchemaVersion, SourceState: &tfplugin5.RawState{Json: req.SourceStateJSON},
		TargetTypeName: req.TargetTypeName, SourcePrivate: req.SourcePrivate,
	})
	if err != nil {
		return out, err
	}
	out.Diagnostics = diags5(resp.GetDiagnostics())
	out.TargetPrivate = resp.GetTargetPrivate()
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.TargetState, err = val5(resp.GetTargetState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn5) readData(ctx context.Context, s *schemas, req schema.ReadDataRequest) (schema.ReadDataResponse, error) {
	var out schema.ReadDataResponse
	ty, err := s.dataType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	cfg, err := dv5(req.Config, ty)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.ReadDataSource(ctx, &tfplugin5.ReadDataSource_Request{TypeName: req.TypeName, Config: cfg})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags5(resp.GetDiagnostics()), deferred5(resp.GetDeferred())...)
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.State, err = val5(resp.GetState(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn5) callFunction(ctx context.Context, f *schema.Function, req schema.CallFunctionRequest) (schema.CallFunctionResponse, error) {
	out := schema.CallFunctionResponse{Argument: -1}
	args := make([]*tfplugin5.DynamicValue, len(req.Arguments))
	for i, a := range req.Arguments {
		dv, err := dv5(a, paramType(f, i))
		if err != nil {
			out.Err, out.Argument = err, i
			return out, nil
		}
		args[i] = dv
	}
	resp, err := c.c.CallFunction(ctx, &tfplugin5.CallFunction_Request{Name: req.Name, Arguments: args})
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
	out.Result, out.Err = val5(resp.GetResult(), f.Return)
	return out, nil
}

func (c *conn5) stop(ctx context.Context) error {
	resp, err := c.c.Stop(ctx, &tfplugin5.Stop_Request{})
	if err != nil {
		return err
	}
	if msg := resp.GetError(); msg != "" {
		return errors.New(msg)
	}
	return nil
}
