package plugin

import (
	"context"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// ValidateProviderConfig asks the plugin to check its provider block.
func (p *Provider) ValidateProviderConfig(ctx context.Context, req schema.ValidateProviderConfigRequest) schema.ValidateProviderConfigResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.ValidateProviderConfigResponse{Diagnostics: diags}
	}
	ds, err := proc.conn.validateProviderConfig(ctx, s, req)
	if err != nil {
		ds = p.callError(proc, "ValidateProviderConfig", "", err)
	}
	return schema.ValidateProviderConfigResponse{Diagnostics: ds}
}

// Configure sends the provider block's value (ConfigureProvider).
func (p *Provider) Configure(ctx context.Context, req schema.ConfigureRequest) schema.ConfigureResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.ConfigureResponse{Diagnostics: diags}
	}
	p.red.add(s.provider.Provider, req.Config)
	ds, err := proc.conn.configure(ctx, s, req)
	if err != nil {
		ds = p.callError(proc, "ConfigureProvider", "", err)
	}
	return schema.ConfigureResponse{Diagnostics: ds}
}

// ValidateResource asks the plugin to check a resource or data source
// configuration.
func (p *Provider) ValidateResource(ctx context.Context, req schema.ValidateResourceRequest) schema.ValidateResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.ValidateResourceResponse{Diagnostics: diags}
	}
	ds, err := proc.conn.validateResource(ctx, s, req)
	if err != nil {
		ds = p.callError(proc, "ValidateResourceConfig", req.TypeName, err)
	}
	return schema.ValidateResourceResponse{Diagnostics: ds}
}

// UpgradeResourceState asks the plugin to turn a stored object into one
// of the current schema version.
func (p *Provider) UpgradeResourceState(ctx context.Context, req schema.UpgradeResourceStateRequest) schema.UpgradeResourceStateResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.UpgradeResourceStateResponse{Diagnostics: diags}
	}
	resp, err := proc.conn.upgradeResourceState(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "UpgradeResourceState", req.TypeName, err)
	}
	return resp
}

// ReadResource refreshes an object (ReadResource).
func (p *Provider) ReadResource(ctx context.Context, req schema.ReadResourceRequest) schema.ReadResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.ReadResourceResponse{Diagnostics: diags}
	}
	p.redactResource(s, req.TypeName, req.PriorState)
	resp, err := proc.conn.readResource(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "ReadResource", req.TypeName, err)
	}
	return resp
}

// PlanResource plans a change (PlanResourceChange).
func (p *Provider) PlanResource(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.PlanResourceResponse{Diagnostics: diags}
	}
	p.redactResource(s, req.TypeName, req.PriorState, req.ProposedNewState, req.Config)
	resp, err := proc.conn.planResource(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "PlanResourceChange", req.TypeName, err)
	}
	if req.PriorState == cty.NilVal || req.PriorState.IsNull() {
		// The SDK names attributes that force replacement even for a
		// create; Terraform ignores them there, and so does the contract.
		resp.RequiresReplace = nil
	}
	return resp
}

// ApplyResource applies a change (ApplyResourceChange). When the plugin
// dies during the call, NewState is NilVal and the error quotes its last
// output lines.
func (p *Provider) ApplyResource(ctx context.Context, req schema.ApplyResourceRequest) schema.ApplyResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.ApplyResourceResponse{Diagnostics: diags}
	}
	p.redactResource(s, req.TypeName, req.PriorState, req.PlannedState, req.Config)
	resp, err := proc.conn.applyResource(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "ApplyResourceChange", req.TypeName, err)
	}
	return resp
}

// ImportResource imports objects by ID (ImportResourceState).
func (p *Provider) ImportResource(ctx context.Context, req schema.ImportResourceRequest) schema.ImportResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.ImportResourceResponse{Diagnostics: diags}
	}
	resp, err := proc.conn.importResource(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "ImportResourceState", req.TypeName, err)
	}
	return resp
}

// MoveResourceState turns an object of another type into one of
// TargetTypeName.
func (p *Provider) MoveResourceState(ctx context.Context, req schema.MoveResourceStateRequest) schema.MoveResourceStateResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.MoveResourceStateResponse{Diagnostics: diags}
	}
	resp, err := proc.conn.moveResourceState(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "MoveResourceState", req.TargetTypeName, err)
	}
	return resp
}

// ReadData reads a data source (ReadDataSource).
func (p *Provider) ReadData(ctx context.Context, req schema.ReadDataRequest) schema.ReadDataResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.ReadDataResponse{Diagnostics: diags}
	}
	if d := s.provider.DataSources[req.TypeName]; d != nil {
		p.red.add(d.Block, req.Config)
	}
	resp, err := proc.conn.readData(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "ReadDataSource", req.TypeName, err)
	}
	return resp
}

// redactResource records the sensitive strings of values of the managed
// resource type typ, before a call sends them to the plugin.
func (p *Provider) redactResource(s *schemas, typ string, values ...cty.Value) {
	if r := s.provider.Resources[typ]; r != nil {
		p.red.add(r.Block, values...)
	}
}
