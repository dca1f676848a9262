package kit

import (
	"context"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Provider implements schema.Provider by dispatching each request to the
// Resource, DataSource or EphemeralResource it names and answering with
// the matching response. It keeps no mutable state, so it is safe for
// concurrent use. Embed it in a provider package's own Provider type; a
// provider with a configuration block sets Schema and overrides Configure.
type Provider struct {
	schema.ProviderDefaults
	// Schema is the provider configuration block; nil means an empty one.
	Schema      *schema.Block
	Resources   map[string]Resource
	DataSources map[string]DataSource
	// EphemeralResources are the ephemeral resource types (see
	// ephemeral.go); nil means none.
	EphemeralResources map[string]EphemeralResource
}

var _ schema.Provider = (*Provider)(nil)

// GetSchema returns the schemas of every resource, data source and
// ephemeral resource type.
func (p *Provider) GetSchema(ctx context.Context) schema.GetSchemaResponse {
	block := p.Schema
	if block == nil {
		block = &schema.Block{}
	}
	s := schema.ProviderSchema{
		Provider:           block,
		Resources:          make(map[string]*schema.Resource, len(p.Resources)),
		DataSources:        make(map[string]*schema.Resource, len(p.DataSources)),
		EphemeralResources: make(map[string]*schema.Resource, len(p.EphemeralResources)),
	}
	for name, r := range p.Resources {
		s.Resources[name] = withTimeoutsBlock(r.Schema, r.Timeouts)
	}
	for name, d := range p.DataSources {
		s.DataSources[name] = d.Schema
	}
	for name, e := range p.EphemeralResources {
		s.EphemeralResources[name] = e.Schema
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
		if r.Timeouts != nil {
			if diags := validateTimeouts(req.Config); diags.HasErrors() {
				return schema.ValidateResourceResponse{Diagnostics: diags}
			}
			req.Config = stripTimeouts(r.Schema.Block, req.Config)
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
	var v cty.Value
	diags := deadline(ctx, opRead, r.Timeouts.timeoutOf(opRead, req.PriorState), func(ctx context.Context) (diags schema.Diagnostics) {
		v, diags = r.Read(ctx, r.inner(req.PriorState))
		return diags
	})
	return schema.ReadResourceResponse{NewState: r.outer(orNull(r.Schema.Block, v), req.PriorState), Diagnostics: diags}
}

// inner is v as the type's functions see it: without the timeouts block.
func (r *Resource) inner(v cty.Value) cty.Value {
	if r.Timeouts == nil {
		return v
	}
	return stripTimeouts(r.Schema.Block, v)
}

// outer is v, a value the type's functions returned, with the timeouts
// block of from.
func (r *Resource) outer(v, from cty.Value) cty.Value {
	if r.Timeouts == nil {
		return v
	}
	return addTimeouts(withTimeoutsBlock(r.Schema, r.Timeouts).Block, v, from)
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
	config := req.Config
	req.PriorState, req.ProposedNewState, req.Config = r.inner(req.PriorState), r.inner(req.ProposedNewState), r.inner(req.Config)
	var resp schema.PlanResourceResponse
	if r.Plan != nil {
		resp = r.Plan(ctx, req)
	} else {
		resp = Plan(&r, req)
	}
	resp.PlannedState = r.outer(resp.PlannedState, config)
	return resp
}

// ApplyResource deletes (null PlannedState), creates (null PriorState) or
// updates the object through the type's functions.
func (p *Provider) ApplyResource(ctx context.Context, req schema.ApplyResourceRequest) schema.ApplyResourceResponse {
	r, ok := p.Resources[req.TypeName]
	if !ok {
		return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: unsupported("resource", req.TypeName)}
	}
	b := r.Schema.Block
	prior, planned, config := r.inner(req.PriorState), r.inner(req.PlannedState), r.inner(req.Config)
	var v cty.Value
	switch {
	case req.PlannedState.IsNull():
		if r.Delete == nil {
			return schema.ApplyResourceResponse{NewState: req.PlannedState}
		}
		diags := deadline(ctx, opDelete, r.Timeouts.timeoutOf(opDelete, req.PriorState), func(ctx context.Context) schema.Diagnostics {
			return r.Delete(ctx, prior)
		})
		if diags.HasErrors() {
			return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: diags}
		}
		return schema.ApplyResourceResponse{NewState: req.PlannedState}
	case req.PriorState.IsNull():
		diags := deadline(ctx, opCreate, r.Timeouts.timeoutOf(opCreate, req.PlannedState), func(ctx context.Context) (diags schema.Diagnostics) {
			v, diags = r.Create(ctx, planned, config)
			return diags
		})
		return schema.ApplyResourceResponse{NewState: r.outer(orNull(b, v), req.PlannedState), Diagnostics: diags}
	case r.Update != nil:
		diags := deadline(ctx, opUpdate, r.Timeouts.timeoutOf(opUpdate, req.PlannedState), func(ctx context.Context) (diags schema.Diagnostics) {
			v, diags = r.Update(ctx, prior, planned, config)
			return diags
		})
		return schema.ApplyResourceResponse{NewState: r.outer(orNull(b, v), req.PlannedState), Diagnostics: diags}
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
		Imported:    []schema.ImportedResource{{TypeName: req.TypeName, State: r.outer(v, cty.NilVal)}},
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
