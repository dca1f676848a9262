package local

import (
	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Provider is the local provider. It has an empty configuration block and
// is safe for concurrent use.
type Provider struct {
	kit.Provider
}

var _ schema.Provider = (*Provider)(nil)

// New returns a local provider.
func New() schema.Provider {
	return &Provider{kit.Provider{
		Resources: map[string]kit.Resource{
			"local_file":           fileResource(false),
			"local_sensitive_file": fileResource(true),
		},
		DataSources: map[string]kit.DataSource{
			"local_file":           fileDataSource(false),
			"local_sensitive_file": fileDataSource(true),
		},
	}}
}
