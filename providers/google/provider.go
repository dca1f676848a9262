package google

import (
	"context"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Provider is the google provider. Make one with New. It dispatches to
// per-type functions through kit.Provider; the functions reach the clients
// that Configure builds through the provider, so Configure must come first.
type Provider struct {
	kit.Provider
	clients kit.Configured[clients]
}

var _ schema.Provider = (*Provider)(nil)

// New returns an unconfigured google provider.
func New() schema.Provider {
	p := &Provider{clients: kit.Configured[clients]{Name: "google"}}
	p.Provider = kit.Provider{
		Schema: providerBlock,
		Resources: map[string]kit.Resource{
			"google_storage_bucket":        bucketResource(p),
			"google_storage_bucket_object": objectResource(p),
			"google_pubsub_topic":          topicResource(p),
			"google_pubsub_subscription":   subscriptionResource(p),
		},
		DataSources: map[string]kit.DataSource{
			"google_storage_bucket": bucketDataSource(p),
		},
	}
	return p
}

// Configure resolves project, region and credentials and builds the API
// clients. It makes no network calls: credentials are first used by the
// first API call, so a configuration that manages nothing works offline.
func (p *Provider) Configure(ctx context.Context, req schema.ConfigureRequest) schema.ConfigureResponse {
	c, diags := configure(ctx, decodeSettings(req.Config), osEnv)
	if diags.HasErrors() {
		return schema.ConfigureResponse{Diagnostics: diags}
	}
	if old := p.clients.Set(c); old != nil {
		old.close()
	}
	return schema.ConfigureResponse{Diagnostics: diags}
}

// client returns the configured clients, or an error diagnostic when
// Configure has not succeeded.
func (p *Provider) client() (*clients, schema.Diagnostics) { return p.clients.Get() }
