package kit

import (
	"context"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Provider implements schema.Provider by dispatching each request to the
// Resource or DataSource it names and answering with the matching
// response. It keeps no mutable state, so it is safe for concurrent use.
// Embed it in a provider package's own Provider type; a provider with a
// configuration block sets Schema and overrides Configure.
type Provider struct {
	schema.ProviderDefaults
	// Schema is the provider configuration block; nil means an empty one.
	Schema      *schema.Block
	Resources   map[string]Resource
	DataSources map[string]DataSource
}

var _ schema.Provider = (*Provider)(nil)

// GetSchema returns the schemas of every resource and data source type.
func (p *Provider) GetSchema(ctx context.Context) schema.GetSchemaResponse {
	block := p.Schema
	if block == nil {
		block = &schema.Block{}
	}
	s := schema.ProviderSchema{
		Provider:    block,
		Resources:   make(map[string]*schema.Resource, len(p.Resources)),
		DataSources: make(map[string]*schema.Resource, len(p.DataSources)),
	}
	for name, r := range p.Resources {
		s.Resources[name] = r.Schema
	}
	for name, d := range p.DataSources {
		s.DataSources[name] = d.Schema
	}
	return schema.GetSchemaResponse{Schema: s}
}

// Configure accepts the (empty) provider block.
func (p *Provider) Configure(ctx context.Context, req schema.ConfigureRequest) schema.ConfigureResponse {
	return schema.ConfigureResponse{}
}

// ValidateResource runs the type's Validate function, if any.
func (p *Provider) ValidateResource(ctx context.Context, req schema.ValidateResourceRequest) schema.ValidateResourceResponse {
	var validate func(cty.Value) schema.Diagnostics
	if req.DataSource {
		d, ok := p.DataSources[req.TypeName]
		if !ok {
			return schema.ValidateResourceResponse{Diagnostics: unsupported("data source", req.TypeName)}
		}
		validate = d.Validate
	} else {
		r, ok := p.Resources[req.TypeName]
		if !ok {
			return schema.ValidateResourceResponse{Diagnostics: unsupported("resource", req.TypeName)}
		}
		validate = r.Validate
	}
	if validate == nil || req.Config.IsNull() || !req.Config.IsKnown() {
		return schema.ValidateResourceResponse{}
	}
	return schema.ValidateResourceResponse{Diagnostics: validate(req.Config)}
}

// ReadResource refreshes an object through the type's Read function; a
// type without one keeps its prior value.
func (p *Provider) ReadResource(ctx context.Context, req schema.ReadResourceRequest) schema.ReadResourceResponse {
	r, ok := p.Resources[req.TypeName]
	if !ok {
		return schema.ReadResourceResponse{NewState: req.PriorState, Diagnostics: unsupported("resource", req.TypeName)}
	}
	if req.PriorState.IsNull() || r.Read == nil {
		return schema.ReadResourceResponse{NewState: req.PriorState}
	}
	v, diags := r.Read(ctx, req.PriorState)
	return schema.ReadResourceResponse{NewState: orNull(r.Schema.Block, v), Diagnostics: diags}
}

// PlanResource plans through the type's Plan function, or Plan. A destroy
// (null ProposedNewState) plans null without asking the type.
func (p *Provider) PlanResource(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	r, ok := p.Resources[req.TypeName]
	if !ok {
		return schema.PlanResourceResponse{PlannedState: req.ProposedNewState, Diagnostics: unsupported("resource", req.TypeName)}
	}
	if req.ProposedNewState.IsNull() {
		return schema.PlanResourceResponse{PlannedState: req.ProposedNewState}
	}
	if r.Plan != nil {
		return r.Plan(ctx, req)
	}
	return Plan(&r, req)
}

// ApplyResource deletes (null PlannedState), creates (null PriorState) or
// updates the object through the type's functions.
func (p *Provider) ApplyResource(ctx context.Context, req schema.ApplyResourceRequest) schema.ApplyResourceResponse {
	r, ok := p.Resources[req.TypeName]
	if !ok {
		return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: unsupported("resource", req.TypeName)}
	}
	b := r.Schema.Block
	switch {
	case req.PlannedState.IsNull():
		if r.Delete == nil {
			return schema.ApplyResourceResponse{NewState: b.Null()}
		}
		if diags := r.Delete(ctx, req.PriorState); diags.HasErrors() {
			return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: diags}
		}
		return schema.ApplyResourceResponse{NewState: b.Null()}
	case req.PriorState.IsNull():
		v, diags := r.Create(ctx, req.PlannedState, req.Config)
		return schema.ApplyResourceResponse{NewState: orNull(b, v), Diagnostics: diags}
	case r.Update != nil:
		v, diags := r.Update(ctx, req.PriorState, req.PlannedState, req.Config)
		return schema.ApplyResourceResponse{NewState: orNull(b, v), Diagnostics: diags}
	default:
		return schema.ApplyResourceResponse{NewState: req.PlannedState}
	}
}

// ImportResource finds an object through the type's Import function.
func (p *Provider) ImportResource(ctx context.Context, req schema.ImportResourceRequest) schema.ImportResourceResponse {
	r, ok := p.Resources[req.TypeName]
	if !ok {
		return schema.ImportResourceResponse{Diagnostics: unsupported("resource", req.TypeName)}
	}
	if r.Import == nil {
		return schema.ImportResourceResponse{Diagnostics: schema.Errorf(nil, "Resource cannot be imported",
			fmt.Sprintf("The resource type %q does not support import.", req.TypeName))}
	}
	v, diags := r.Import(ctx, req.ID)
	if diags.HasErrors() {
		return schema.ImportResourceResponse{Diagnostics: diags}
	}
	return schema.ImportResourceResponse{
		Imported:    []schema.ImportedResource{{TypeName: req.TypeName, State: v}},
		Diagnostics: diags,
	}
}

// ReadData reads a data source through its Read function.
func (p *Provider) ReadData(ctx context.Context, req schema.ReadDataRequest) schema.ReadDataResponse {
	d, ok := p.DataSources[req.TypeName]
	if !ok {
		return schema.ReadDataResponse{Diagnostics: unsupported("data source", req.TypeName)}
	}
	v, diags := d.Read(ctx, req.Config)
	return schema.ReadDataResponse{State: orNull(d.Schema.Block, v), Diagnostics: diags}
}

func unsupported(kind, name string) schema.Diagnostics {
	return schema.Errorf(nil, "Unsupported "+kind+" type",
		fmt.Sprintf("This provider has no %s type named %q.", kind, name))
}

// orNull turns the zero cty.Value into a typed null.
func orNull(b *schema.Block, v cty.Value) cty.Value {
	if v == cty.NilVal {
		return b.Null()
	}
	return v
}
