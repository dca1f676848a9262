package testprovider

import (
	"context"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Provider is one configured instance of the test provider.
type Provider struct {
	schema.ProviderDefaults
	store  *Store
	prefix string
}

var _ schema.Provider = (*Provider)(nil)

// GetSchema returns the provider block, test_thing and test_echo.
func (p *Provider) GetSchema(context.Context) schema.GetSchemaResponse {
	return schema.GetSchemaResponse{Schema: schema.ProviderSchema{
		Provider:    ProviderBlock(),
		Resources:   map[string]*schema.Resource{ThingType: {Version: 1, Block: ThingBlock()}},
		DataSources: map[string]*schema.Resource{EchoType: {Block: EchoBlock()}},
	}}
}

// Configure takes the ID prefix.
func (p *Provider) Configure(_ context.Context, req schema.ConfigureRequest) schema.ConfigureResponse {
	if !req.Config.IsNull() {
		if v := req.Config.GetAttr("id_prefix"); !v.IsNull() && v.IsKnown() {
			p.prefix = v.AsString()
		}
	}
	return schema.ConfigureResponse{}
}

// ValidateResource refuses a negative size.
func (p *Provider) ValidateResource(_ context.Context, req schema.ValidateResourceRequest) schema.ValidateResourceResponse {
	if req.DataSource || req.Config.IsNull() {
		return schema.ValidateResourceResponse{}
	}
	if size := req.Config.GetAttr("size"); size.IsKnown() && !size.IsNull() && size.LessThan(cty.Zero).True() {
		return schema.ValidateResourceResponse{Diagnostics: schema.Errorf(cty.GetAttrPath("size"),
			"Invalid size", "size must not be negative.")}
	}
	return schema.ValidateResourceResponse{}
}

// ReadResource returns the stored object, or null when it is gone.
func (p *Provider) ReadResource(_ context.Context, req schema.ReadResourceRequest) schema.ReadResourceResponse {
	v, ok := p.store.Get(req.PriorState.GetAttr("id").AsString())
	if !ok {
		return schema.ReadResourceResponse{NewState: cty.NullVal(req.PriorState.Type()), Private: req.Private}
	}
	if failMode(v) == "read" {
		// As an OS or API error would, the message quotes the object's values.
		return schema.ReadResourceResponse{Diagnostics: schema.Errorf(nil, "Read failed", "cannot read "+quoted(v, "secret"))}
	}
	return schema.ReadResourceResponse{NewState: v, Private: req.Private}
}

// PlanResource plans the proposed value with the defaults of
// optional+computed attributes, the ID kept, and the revision unknown
// whenever the object changes; a changed force-new attribute requires
// replacement.
func (p *Provider) PlanResource(_ context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	if req.ProposedNewState.IsNull() {
		return schema.PlanResourceResponse{PlannedState: req.ProposedNewState}
	}
	if failMode(req.Config) == "plan" {
		return schema.PlanResourceResponse{Diagnostics: schema.Errorf(cty.GetAttrPath("fail"), "Plan failed", "fail = \"plan\" was asked for.")}
	}
	planned := withDefaults(req.ProposedNewState, req.Config)
	if req.PriorState.IsNull() {
		planned = setAttrs(planned, map[string]cty.Value{"id": cty.UnknownVal(cty.String), "revision": cty.UnknownVal(cty.Number)})
		return schema.PlanResourceResponse{PlannedState: planned}
	}
	planned = setAttrs(planned, map[string]cty.Value{"id": req.PriorState.GetAttr("id"), "revision": req.PriorState.GetAttr("revision")})
	if !planned.RawEquals(req.PriorState) {
		planned = setAttrs(planned, map[string]cty.Value{"revision": cty.UnknownVal(cty.Number)})
	}
	return schema.PlanResourceResponse{PlannedState: planned, PlannedPrivate: []byte("planned"),
		RequiresReplace: schema.ForceNewChanges(ThingBlock(), req.PriorState, planned)}
}

// ApplyResource creates, updates or deletes an object in the store.
func (p *Provider) ApplyResource(_ context.Context, req schema.ApplyResourceRequest) schema.ApplyResourceResponse {
	switch {
	case req.PlannedState.IsNull():
		if failMode(req.PriorState) == "delete" {
			return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: schema.Errorf(nil, "Delete failed", "fail = \"delete\" was asked for: cannot delete "+quoted(req.PriorState, "secret"))}
		}
		p.store.remove(req.PriorState)
		return schema.ApplyResourceResponse{NewState: req.PlannedState}
	case failMode(req.Config) == "apply":
		return schema.ApplyResourceResponse{NewState: req.PriorState, Diagnostics: schema.Errorf(cty.GetAttrPath("fail"), "Apply failed", "fail = \"apply\" was asked for.")}
	case req.PriorState.IsNull():
		v := p.store.create(p.prefix, setAttrs(req.PlannedState, map[string]cty.Value{"revision": cty.NumberIntVal(1)}))
		resp := schema.ApplyResourceResponse{NewState: v, Private: []byte("created")}
		if failMode(req.Config) == "after-create" {
			resp.Diagnostics = schema.Errorf(nil, "Setup failed", "The object was created, but fail = \"after-create\" was asked for.")
		}
		return resp
	}
	rev := req.PriorState.GetAttr("revision")
	if !rev.IsNull() {
		rev = rev.Add(cty.NumberIntVal(1))
	}
	v := setAttrs(req.PlannedState, map[string]cty.Value{"revision": rev})
	p.store.update(v)
	return schema.ApplyResourceResponse{NewState: v, Private: []byte("updated")}
}

// ImportResource adopts a stored object by its ID.
func (p *Provider) ImportResource(_ context.Context, req schema.ImportResourceRequest) schema.ImportResourceResponse {
	v, ok := p.store.Get(req.ID)
	if !ok {
		return schema.ImportResourceResponse{Diagnostics: schema.Errorf(nil, "Cannot import non-existent remote object", "No test_thing has ID "+req.ID+".")}
	}
	return schema.ImportResourceResponse{Imported: []schema.ImportedResource{{TypeName: req.TypeName, State: v}}}
}

// ReadData echoes test_echo's input as its output.
func (p *Provider) ReadData(_ context.Context, req schema.ReadDataRequest) schema.ReadDataResponse {
	return schema.ReadDataResponse{State: setAttrs(req.Config, map[string]cty.Value{"output": req.Config.GetAttr("input")})}
}

func failMode(v cty.Value) string {
	if v.IsNull() || !v.IsKnown() {
		return ""
	}
	f := v.GetAttr("fail")
	if f.IsNull() || !f.IsKnown() {
		return ""
	}
	return f.AsString()
}

// quoted returns a string attribute of v as an error message would quote
// it, or "-" when it is null.
func quoted(v cty.Value, name string) string {
	a := v.GetAttr(name)
	if a.IsNull() || !a.IsKnown() {
		return "-"
	}
	return a.AsString()
}
