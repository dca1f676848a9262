package google

import (
	"context"
	"sync"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Provider is the google provider. Make one with New. It dispatches to
// per-type functions through kit.Provider; the functions reach the clients
// that Configure builds through the provider, so Configure must come first.
type Provider struct {
	kit.Provider

	mu      sync.RWMutex
	clients *clients
}

var _ schema.Provider = (*Provider)(nil)

// New returns an unconfigured google provider.
func New() schema.Provider {
	p := &Provider{}
	p.Provider = kit.Provider{
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

// GetSchema returns the provider's schemas; it needs no configuration.
func (p *Provider) GetSchema(ctx context.Context) schema.GetSchemaResponse {
	resp := p.Provider.GetSchema(ctx)
	resp.Schema.Provider = providerBlock
	return resp
}

// Configure resolves project, region and credentials and builds the API
// clients. It makes no network calls: credentials are first used by the
// first API call, so a configuration that manages nothing works offline.
func (p *Provider) Configure(ctx context.Context, req schema.ConfigureRequest) schema.ConfigureResponse {
	c, diags := configure(ctx, decodeSettings(req.Config), osEnv)
	if diags.HasErrors() {
		return schema.ConfigureResponse{Diagnostics: diags}
	}
	p.mu.Lock()
	old := p.clients
	p.clients = c
	p.mu.Unlock()
	if old != nil {
		old.close()
	}
	return schema.ConfigureResponse{Diagnostics: diags}
}

// client returns the configured clients, or an error diagnostic when
// Configure has not succeeded.
func (p *Provider) client() (*clients, schema.Diagnostics) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.clients == nil {
		return nil, schema.Errorf(nil, "Provider not configured",
			"The google provider was used before Configure succeeded.")
	}
	return p.clients, nil
}
