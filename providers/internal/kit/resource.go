package kit

import (
	"context"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Resource is one managed resource type, as a set of plain functions. Only
// Schema and Create are required; the other functions have defaults that
// suit objects which live only in state (random values, timestamps).
type Resource struct {
	// Schema is the resource type's schema.
	Schema *schema.Resource
	// Defaults are the values of Optional+Computed attributes that the
	// configuration leaves null; Plan fills them in.
	Defaults map[string]cty.Value
	// Validate checks a configuration beyond its schema. Values may be
	// unknown. Nil means no extra checks.
	Validate func(config cty.Value) schema.Diagnostics
	// Plan plans a create or an update. Nil means Plan(r, req).
	Plan func(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse
	// Create makes the object and returns its value, which must be wholly
	// known. On error it returns null when nothing was created.
	Create func(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics)
	// Read refreshes an object: null when it is gone. Nil returns prior.
	Read func(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics)
	// Update changes an object in place. Nil returns planned, which then
	// must be wholly known.
	Update func(ctx context.Context, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics)
	// Delete removes an object. Nil does nothing.
	Delete func(ctx context.Context, prior cty.Value) schema.Diagnostics
	// Import finds an object by its import ID. Nil means the resource type
	// cannot be imported.
	Import func(ctx context.Context, id string) (cty.Value, schema.Diagnostics)
	// Timeouts, when set, gives the type a timeouts block (see Timeouts)
	// and bounds each operation by its timeout. The functions above never
	// see the block: kit takes it out of the values they get and puts it
	// back into the values they return.
	Timeouts *Timeouts
}

// DataSource is one data source type.
type DataSource struct {
	// Schema is the data source type's schema.
	Schema *schema.Resource
	// Validate checks a configuration beyond its schema. Nil means none.
	Validate func(config cty.Value) schema.Diagnostics
	// Read returns the data source's value for config.
	Read func(ctx context.Context, config cty.Value) (cty.Value, schema.Diagnostics)
}
