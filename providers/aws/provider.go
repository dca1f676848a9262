package aws

import (
	"context"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Provider is the aws provider. Make one with New. It dispatches to the
// resource and data source types through kit.Provider; their functions
// reach the clients that Configure builds, so Configure must come first.
type Provider struct {
	kit.Provider
	client kit.Configured[client]
}

var _ schema.Provider = (*Provider)(nil)

// New returns an unconfigured aws provider.
func New() schema.Provider {
	p := &Provider{client: kit.Configured[client]{Name: "aws"}}
	p.Provider = kit.Provider{
		Schema:      providerBlock(),
		Resources:   map[string]kit.Resource{},
		DataSources: map[string]kit.DataSource{},
	}
	for name, r := range resourceTypes() {
		p.Resources[name] = p.managed(r)
	}
	for name, d := range dataSourceTypes() {
		p.DataSources[name] = p.data(d)
	}
	return p
}

// Configure resolves region and credentials, builds the SDK clients and,
// unless skipped, checks the credentials with STS. Cancelling ctx stops
// the check.
func (p *Provider) Configure(ctx context.Context, req schema.ConfigureRequest) schema.ConfigureResponse {
	c, diags := configure(ctx, req.Config)
	if diags.HasErrors() {
		return schema.ConfigureResponse{Diagnostics: diags}
	}
	p.client.Set(c)
	return schema.ConfigureResponse{Diagnostics: diags}
}

// configured returns the clients, or an error diagnostic when Configure
// has not succeeded.
func (p *Provider) configured() (*client, schema.Diagnostics) { return p.client.Get() }
