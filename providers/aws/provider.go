package aws

import (
	"context"
	"sync"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// Provider is the aws provider. Make one with New.
type Provider struct {
	schema.ProviderDefaults
	resources   map[string]*resourceType
	dataSources map[string]*dataSourceType

	mu     sync.RWMutex
	client *client
}

var _ schema.Provider = (*Provider)(nil)

// New returns an unconfigured aws provider.
func New() schema.Provider {
	return &Provider{resources: resourceTypes(), dataSources: dataSourceTypes()}
}

// GetSchema returns the provider's schemas; it needs no configuration.
func (p *Provider) GetSchema(ctx context.Context) schema.GetSchemaResponse {
	s := schema.ProviderSchema{
		Provider:    providerBlock(),
		Resources:   make(map[string]*schema.Resource, len(p.resources)),
		DataSources: make(map[string]*schema.Resource, len(p.dataSources)),
	}
	for name, r := range p.resources {
		s.Resources[name] = r.schema
	}
	for name, d := range p.dataSources {
		s.DataSources[name] = d.schema
	}
	return schema.GetSchemaResponse{Schema: s}
}

// Configure resolves region and credentials, builds the SDK clients and,
// unless skipped, checks the credentials with STS. Cancelling ctx stops
// the check.
func (p *Provider) Configure(ctx context.Context, req schema.ConfigureRequest) schema.ConfigureResponse {
	c, diags := configure(ctx, req.Config)
	if diags.HasErrors() {
		return schema.ConfigureResponse{Diagnostics: diags}
	}
	p.mu.Lock()
	p.client = c
	p.mu.Unlock()
	return schema.ConfigureResponse{Diagnostics: diags}
}

func (p *Provider) configured() (*client, schema.Diagnostics) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.client == nil {
		return nil, schema.Errorf(nil, "Provider not configured", "The aws provider was used before Configure.")
	}
	return p.client, nil
}

func (p *Provider) resource(name string) (*resourceType, schema.Diagnostics) {
	r, ok := p.resources[name]
	if !ok {
		return nil, schema.Errorf(nil, "Unsupported resource type", "The aws provider has no resource type "+name+".")
	}
	return r, nil
}

// ValidateResource checks a configuration beyond its schema.
func (p *Provider) ValidateResource(ctx context.Context, req schema.ValidateResourceRequest) schema.ValidateResourceResponse {
	if req.DataSource {
		if _, ok := p.dataSources[req.TypeName]; !ok {
			return schema.ValidateResourceResponse{Diagnostics: schema.Errorf(nil, "Unsupported data source",
				"The aws provider has no data source "+req.TypeName+".")}
		}
		return schema.ValidateResourceResponse{}
	}
	r, diags := p.resource(req.TypeName)
	if diags.HasErrors() || r.validate == nil {
		return schema.ValidateResourceResponse{Diagnostics: diags}
	}
	return schema.ValidateResourceResponse{Diagnostics: r.validate(req.Config)}
}

// ReadResource refreshes an object; NewState is null when it is gone.
// Cancelling ctx abandons the read.
func (p *Provider) ReadResource(ctx context.Context, req schema.ReadResourceRequest) schema.ReadResourceResponse {
	r, diags := p.resource(req.TypeName)
	if diags.HasErrors() {
		return schema.ReadResourceResponse{NewState: req.PriorState, Diagnostics: diags}
	}
	c, diags := p.configured()
	if diags.HasErrors() || req.PriorState.IsNull() {
		return schema.ReadResourceResponse{NewState: req.PriorState, Diagnostics: diags}
	}
	live, diags := r.read(ctx, c, req.PriorState)
	if diags.HasErrors() {
		return schema.ReadResourceResponse{NewState: req.PriorState, Diagnostics: diags}
	}
	return schema.ReadResourceResponse{NewState: r.settle(req.PriorState, live), Diagnostics: diags}
}

// PlanResource plans a create, update, replacement or (null proposed) a
// destroy. It makes no calls to AWS.
func (p *Provider) PlanResource(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	r, diags := p.resource(req.TypeName)
	if diags.HasErrors() {
		return schema.PlanResourceResponse{Diagnostics: diags}
	}
	if req.ProposedNewState.IsNull() {
		return schema.PlanResourceResponse{PlannedState: req.ProposedNewState}
	}
	c, diags := p.configured()
	if diags.HasErrors() {
		return schema.PlanResourceResponse{Diagnostics: diags}
	}
	planned, replace, diags := r.planValue(c, req.PriorState, req.ProposedNewState, req.Config)
	return schema.PlanResourceResponse{PlannedState: planned, RequiresReplace: replace, Diagnostics: diags}
}

// ApplyResource creates, updates or deletes an object. If ctx is cancelled
// after the object changed, the new value is still returned.
func (p *Provider) ApplyResource(ctx context.Context, req schema.ApplyResourceRequest) schema.ApplyResourceResponse {
	r, diags := p.resource(req.TypeName)
	if diags.HasErrors() {
		return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: diags}
	}
	c, diags := p.configured()
	if diags.HasErrors() {
		return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: diags}
	}
	switch {
	case req.PlannedState.IsNull():
		if diags := r.delete(ctx, c, req.PriorState); diags.HasErrors() {
			return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: diags}
		}
		return schema.ApplyResourceResponse{NewState: req.PlannedState}
	case req.PriorState.IsNull():
		return p.create(ctx, c, r, req.PlannedState)
	default:
		return p.update(ctx, c, r, req.PriorState, req.PlannedState)
	}
}

func (p *Provider) create(ctx context.Context, c *client, r *resourceType, planned cty.Value) schema.ApplyResourceResponse {
	written, diags := r.create(ctx, c, planned)
	if written.IsNull() {
		return schema.ApplyResourceResponse{NewState: written, Diagnostics: diags}
	}
	if diags.HasErrors() {
		return schema.ApplyResourceResponse{NewState: nullUnknowns(written), Diagnostics: diags}
	}
	state, more := r.readAfterWrite(ctx, c, written)
	return schema.ApplyResourceResponse{NewState: state, Diagnostics: append(diags, more...)}
}

func (p *Provider) update(ctx context.Context, c *client, r *resourceType, prior, planned cty.Value) schema.ApplyResourceResponse {
	if r.update == nil {
		return schema.ApplyResourceResponse{NewState: prior, Diagnostics: schema.Errorf(nil,
			"Resource cannot be updated", "Every change to this resource type requires replacement.")}
	}
	written, diags := r.update(ctx, c, prior, planned)
	if diags.HasErrors() {
		return schema.ApplyResourceResponse{NewState: nullUnknowns(written), Diagnostics: diags}
	}
	state, more := r.readAfterWrite(ctx, c, written)
	return schema.ApplyResourceResponse{NewState: state, Diagnostics: append(diags, more...)}
}

// ImportResource builds the stub of an object from its Terraform import
// ID; the engine completes it with ReadResource.
func (p *Provider) ImportResource(ctx context.Context, req schema.ImportResourceRequest) schema.ImportResourceResponse {
	r, diags := p.resource(req.TypeName)
	if diags.HasErrors() {
		return schema.ImportResourceResponse{Diagnostics: diags}
	}
	stub, diags := r.importState(req.ID)
	if diags.HasErrors() {
		return schema.ImportResourceResponse{Diagnostics: diags}
	}
	return schema.ImportResourceResponse{Imported: []schema.ImportedResource{{TypeName: req.TypeName, State: stub}}}
}

// ReadData reads a data source. Cancelling ctx abandons the read.
func (p *Provider) ReadData(ctx context.Context, req schema.ReadDataRequest) schema.ReadDataResponse {
	d, ok := p.dataSources[req.TypeName]
	if !ok {
		return schema.ReadDataResponse{Diagnostics: schema.Errorf(nil, "Unsupported data source",
			"The aws provider has no data source "+req.TypeName+".")}
	}
	var c *client
	if !d.pure {
		var diags schema.Diagnostics
		if c, diags = p.configured(); diags.HasErrors() {
			return schema.ReadDataResponse{Diagnostics: diags}
		}
	}
	state, diags := d.read(ctx, c, req.Config)
	if !diags.HasErrors() {
		state = nullUnknowns(state)
	}
	return schema.ReadDataResponse{State: state, Diagnostics: diags}
}
