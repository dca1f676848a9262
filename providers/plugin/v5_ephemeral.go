package plugin

import (
	"context"

	"github.com/trueup/trueup/providers/plugin/internal/tfplugin5"
	"github.com/trueup/trueup/schema"
)

func (c *conn5) validateEphemeral(ctx context.Context, s *schemas, req schema.ValidateEphemeralResourceRequest) (schema.Diagnostics, error) {
	ty, err := s.ephemeralType(req.TypeName)
	if err != nil {
		return encodeDiag(err), nil
	}
	cfg, err := dv5(req.Config, ty)
	if err != nil {
		return encodeDiag(err), nil
	}
	resp, err := c.c.ValidateEphemeralResourceConfig(ctx, &tfplugin5.ValidateEphemeralResourceConfig_Request{TypeName: req.TypeName, Config: cfg})
	return diags5(resp.GetDiagnostics()), err
}

func (c *conn5) openEphemeral(ctx context.Context, s *schemas, req schema.OpenEphemeralResourceRequest) (schema.OpenEphemeralResourceResponse, error) {
	var out schema.OpenEphemeralResourceResponse
	ty, err := s.ephemeralType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	cfg, err := dv5(req.Config, ty)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.OpenEphemeralResource(ctx, &tfplugin5.OpenEphemeralResource_Request{TypeName: req.TypeName, Config: cfg})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags5(resp.GetDiagnostics()), deferred5(resp.GetDeferred())...)
	out.Private = resp.GetPrivate()
	out.RenewAt = renewAt(resp.GetRenewAt())
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.Result, err = val5(resp.GetResult(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn5) renewEphemeral(ctx context.Context, s *schemas, req schema.RenewEphemeralResourceRequest) (schema.RenewEphemeralResourceResponse, error) {
	var out schema.RenewEphemeralResourceResponse
	if _, err := s.ephemeralType(req.TypeName); err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.RenewEphemeralResource(ctx, &tfplugin5.RenewEphemeralResource_Request{TypeName: req.TypeName, Private: req.Private})
	if err != nil {
		return out, err
	}
	out.Diagnostics = diags5(resp.GetDiagnostics())
	out.Private = resp.GetPrivate()
	out.RenewAt = renewAt(resp.GetRenewAt())
	return out, nil
}

func (c *conn5) closeEphemeral(ctx context.Context, s *schemas, req schema.CloseEphemeralResourceRequest) (schema.Diagnostics, error) {
	if _, err := s.ephemeralType(req.TypeName); err != nil {
		return encodeDiag(err), nil
	}
	resp, err := c.c.CloseEphemeralResource(ctx, &tfplugin5.CloseEphemeralResource_Request{TypeName: req.TypeName, Private: req.Private})
	return diags5(resp.GetDiagnostics()), err
}
