package plugin

import (
	"context"
	"time"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// ValidateEphemeralResource asks the plugin to check an ephemeral
// resource's configuration (ValidateEphemeralResourceConfig).
func (p *Provider) ValidateEphemeralResource(ctx context.Context, req schema.ValidateEphemeralResourceRequest) schema.ValidateEphemeralResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.ValidateEphemeralResourceResponse{Diagnostics: diags}
	}
	p.redactEphemeral(s, req.TypeName, req.Config)
	ds, err := proc.conn.validateEphemeral(ctx, s, req)
	if err != nil {
		ds = p.callError(proc, "ValidateEphemeralResourceConfig", req.TypeName, err)
	}
	return schema.ValidateEphemeralResourceResponse{Diagnostics: ds}
}

// OpenEphemeralResource opens an ephemeral resource
// (OpenEphemeralResource). Every string of its result is taken for a
// secret and redacted from the plugin's later log lines, whatever the
// schema marks sensitive. A provider that defers the open gets an error
// diagnostic, as trueup runs no deferred actions. When ctx is cancelled
// the call is abandoned, and what the plugin opened meanwhile cannot be
// closed: it has no private data.
func (p *Provider) OpenEphemeralResource(ctx context.Context, req schema.OpenEphemeralResourceRequest) schema.OpenEphemeralResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.OpenEphemeralResourceResponse{Diagnostics: diags}
	}
	p.redactEphemeral(s, req.TypeName, req.Config)
	resp, err := proc.conn.openEphemeral(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "OpenEphemeralResource", req.TypeName, err)
		return resp
	}
	p.red.addAll(resp.Result)
	return resp
}

// RenewEphemeralResource extends an open ephemeral resource's life
// (RenewEphemeralResource).
func (p *Provider) RenewEphemeralResource(ctx context.Context, req schema.RenewEphemeralResourceRequest) schema.RenewEphemeralResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.RenewEphemeralResourceResponse{Diagnostics: diags}
	}
	resp, err := proc.conn.renewEphemeral(ctx, s, req)
	if err != nil {
		resp.Diagnostics = p.callError(proc, "RenewEphemeralResource", req.TypeName, err)
	}
	return resp
}

// CloseEphemeralResource releases an open ephemeral resource
// (CloseEphemeralResource).
func (p *Provider) CloseEphemeralResource(ctx context.Context, req schema.CloseEphemeralResourceRequest) schema.CloseEphemeralResourceResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.CloseEphemeralResourceResponse{Diagnostics: diags}
	}
	ds, err := proc.conn.closeEphemeral(ctx, s, req)
	if err != nil {
		ds = p.callError(proc, "CloseEphemeralResource", req.TypeName, err)
	}
	return schema.CloseEphemeralResourceResponse{Diagnostics: ds}
}

// redactEphemeral records the sensitive strings of values of the
// ephemeral resource type typ, before a call sends them to the plugin.
func (p *Provider) redactEphemeral(s *schemas, typ string, values ...cty.Value) {
	if r := s.provider.EphemeralResources[typ]; r != nil {
		p.red.add(r.Block, values...)
	}
}

// renewAt is a response's renew_at: the zero time when it has none.
func renewAt(ts *timestamppb.Timestamp) time.Time {
	if ts == nil {
		return time.Time{}
	}
	return ts.AsTime()
}
