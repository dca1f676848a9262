package terraform

import (
	"context"
	"errors"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// ErrNoState is what Options.ReadOutputs returns (possibly wrapped) when the
// backend holds no state for the workspace.
var ErrNoState = errors.New("no stored state")

// Options are what the program injects into the provider.
type Options struct {
	// ReadOutputs returns the root module outputs of the latest state that
	// the backend of type backendType, configured by config (a value of
	// that backend's schema), stores for workspace ("default" when not
	// set). It returns ErrNoState when there is none. Nil makes every
	// terraform_remote_state read fail.
	ReadOutputs func(ctx context.Context, backendType string, config cty.Value, workspace string) (map[string]cty.Value, error)
	// Backends are the configuration schemas of the backend types that
	// ReadOutputs can read, by type name ("local", "s3", "gcs").
	Backends map[string]*schema.Block
}

// Provider is the terraform provider. It has an empty configuration block
// and is safe for concurrent use.
type Provider struct {
	kit.Provider
}

var _ schema.Provider = (*Provider)(nil)

// New returns a terraform provider reading remote state through opts.
func New(opts Options) schema.Provider {
	rs := &remoteState{opts: opts}
	return &Provider{kit.Provider{
		Resources:   map[string]kit.Resource{"terraform_data": dataResource()},
		DataSources: map[string]kit.DataSource{"terraform_remote_state": rs.dataSource()},
	}}
}
