package kit

import (
	"context"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// EphemeralResource is one ephemeral resource type (Terraform 1.10), as a
// set of plain functions. Only Schema and Open are required.
type EphemeralResource struct {
	// Schema is the ephemeral resource type's schema.
	Schema *schema.Resource
	// Defaults are the values of Optional+Computed attributes that the
	// configuration leaves null; Open gets the configuration with them
	// filled in.
	Defaults map[string]cty.Value
	// Validate checks a configuration beyond its schema. Values may be
	// unknown. Nil means no extra checks. It runs again, on the wholly
	// known configuration, before Open.
	Validate func(config cty.Value) schema.Diagnostics
	// Open opens one: its result (missing attributes become null), the
	// private data its renewals and its close get, and when to renew it
	// (zero for never).
	Open func(ctx context.Context, config cty.Value) (result cty.Value, private []byte, renewAt time.Time, diags schema.Diagnostics)
	// Renew extends an open one's life and returns its new private data
	// and when to renew it again. Nil keeps the private data and asks for
	// no renewal.
	Renew func(ctx context.Context, private []byte) ([]byte, time.Time, schema.Diagnostics)
	// Close releases an open one. Nil does nothing.
	Close func(ctx context.Context, private []byte) schema.Diagnostics
}

// ValidateEphemeralResource runs the type's Validate function, if any.
func (p *Provider) ValidateEphemeralResource(ctx context.Context, req schema.ValidateEphemeralResourceRequest) schema.ValidateEphemeralResourceResponse {
	e, ok := p.EphemeralResources[req.TypeName]
	if !ok {
		return schema.ValidateEphemeralResourceResponse{Diagnostics: unsupported("ephemeral resource", req.TypeName)}
	}
	if e.Validate == nil || req.Config.IsNull() || !req.Config.IsKnown() {
		return schema.ValidateEphemeralResourceResponse{}
	}
	return schema.ValidateEphemeralResourceResponse{Diagnostics: e.Validate(req.Config)}
}

// OpenEphemeralResource validates the configuration, fills in its
// defaults and opens it through the type's Open function. The result has
// the schema's implied type: null when Open returns none.
func (p *Provider) OpenEphemeralResource(ctx context.Context, req schema.OpenEphemeralResourceRequest) schema.OpenEphemeralResourceResponse {
	e, ok := p.EphemeralResources[req.TypeName]
	if !ok {
		return schema.OpenEphemeralResourceResponse{Diagnostics: unsupported("ephemeral resource", req.TypeName)}
	}
	b := e.Schema.Block
	var diags schema.Diagnostics
	if e.Validate != nil && !req.Config.IsNull() {
		diags = e.Validate(req.Config)
		if diags.HasErrors() {
			return schema.OpenEphemeralResourceResponse{Result: b.Null(), Diagnostics: diags}
		}
	}
	v, private, renewAt, openDiags := e.Open(ctx, FillDefaults(req.Config, req.Config, e.Defaults))
	diags = append(diags, openDiags...)
	return schema.OpenEphemeralResourceResponse{Result: conform(b, v), Private: private, RenewAt: renewAt, Diagnostics: diags}
}

// RenewEphemeralResource renews an open one through the type's Renew
// function.
func (p *Provider) RenewEphemeralResource(ctx context.Context, req schema.RenewEphemeralResourceRequest) schema.RenewEphemeralResourceResponse {
	e, ok := p.EphemeralResources[req.TypeName]
	if !ok {
		return schema.RenewEphemeralResourceResponse{Diagnostics: unsupported("ephemeral resource", req.TypeName)}
	}
	if e.Renew == nil {
		return schema.RenewEphemeralResourceResponse{Private: req.Private}
	}
	private, renewAt, diags := e.Renew(ctx, req.Private)
	return schema.RenewEphemeralResourceResponse{Private: private, RenewAt: renewAt, Diagnostics: diags}
}

// CloseEphemeralResource closes an open one through the type's Close
// function.
func (p *Provider) CloseEphemeralResource(ctx context.Context, req schema.CloseEphemeralResourceRequest) schema.CloseEphemeralResourceResponse {
	e, ok := p.EphemeralResources[req.TypeName]
	if !ok {
		return schema.CloseEphemeralResourceResponse{Diagnostics: unsupported("ephemeral resource", req.TypeName)}
	}
	if e.Close == nil {
		return schema.CloseEphemeralResourceResponse{}
	}
	return schema.CloseEphemeralResourceResponse{Diagnostics: e.Close(ctx, req.Private)}
}

// conform is v, an object value a type's function returned, as a value
// of b's implied type: null for none, attributes it lacks null and blocks
// it lacks empty.
func conform(b *schema.Block, v cty.Value) cty.Value {
	if v == cty.NilVal || v.IsNull() {
		return b.Null()
	}
	if !v.IsKnown() || !v.Type().IsObjectType() {
		return v
	}
	return ObjectVal(b, attrMap(v, 0))
}
