package plugin

import (
	"context"

	"github.com/trueup/trueup/providers/plugin/internal/tfplugin6"
	"github.com/trueup/trueup/schema"
)

func (c *conn6) validateEphemeral(ctx context.Context, s *schemas, req schema.ValidateEphemeralResourceRequest) (schema.Diagnostics, error) {
	ty, err := s.ephemeralType(req.TypeName)
	if err != nil {
		return encodeDiag(err), nil
	}
	cfg, err := dv6(req.Config, ty)
	if err != nil {
		return encodeDiag(err), nil
	}
	resp, err := c.c.ValidateEphemeralResourceConfig(ctx, &tfplugin6.ValidateEphemeralResourceConfig_Request{TypeName: req.TypeName, Config: cfg})
	return diags6(resp.GetDiagnostics()), err
}

func (c *conn6) openEphemeral(ctx context.Context, s *schemas, req schema.OpenEphemeralResourceRequest) (schema.OpenEphemeralResourceResponse, error) {
	var out schema.OpenEphemeralResourceResponse
	ty, err := s.ephemeralType(req.TypeName)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	cfg, err := dv6(req.Config, ty)
	if err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.OpenEphemeralResource(ctx, &tfplugin6.OpenEphemeralResource_Request{TypeName: req.TypeName, Config: cfg})
	if err != nil {
		return out, err
	}
	out.Diagnostics = append(diags6(resp.GetDiagnostics()), deferred6(resp.GetDeferred())...)
	out.Private = resp.GetPrivate()
	out.RenewAt = renewAt(resp.GetRenewAt())
	if out.Diagnostics.HasErrors() {
		return out, nil
	}
	out.Result, err = val6(resp.GetResult(), ty)
	out.Diagnostics = append(out.Diagnostics, decodeDiag(err)...)
	return out, nil
}

func (c *conn6) renewEphemeral(ctx context.Context, s *schemas, req schema.RenewEphemeralResourceRequest) (schema.RenewEphemeralResourceResponse, error) {
	var out schema.RenewEphemeralResourceResponse
	if _, err := s.ephemeralType(req.TypeName); err != nil {
		out.Diagnostics = encodeDiag(err)
		return out, nil
	}
	resp, err := c.c.RenewEphemeralResource(ctx, &tfplugin6.RenewEphemeralResource_Request{TypeName: req.TypeName, Private: req.Private})
	if err != nil {
		return out, err
	}
	out.Diagnostics = diags6(resp.GetDiagnostics())
	out.Private = resp.GetPrivate()
	out.RenewAt = renewAt(resp.GetRenewAt())
	return out, nil
}

func (c *conn6) closeEphemeral(ctx context.Context, s *schemas, req schema.CloseEphemeralResourceRequest) (schema.Diagnostics, error) {
	if _, err := s.ephemeralType(req.TypeName); err != nil {
		return encodeDiag(err), nil
	}
	resp, err := c.c.CloseEphemeralResource(ctx, &tfplugin6.CloseEphemeralResource_Request{TypeName: req.TypeName, Private: req.Private})
	return diags6(resp.GetDiagnostics()), err
}
