package aws

import (
	"context"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// managed turns a resource type into kit's form: each function first
// takes the configured clients, and every write is read back (see
// readAfterWrite) so that state holds what AWS holds. A write that fails
// records what it made, unknowns nulled; a read that fails keeps prior.
func (p *Provider) managed(r *resourceType) kit.Resource {
	return kit.Resource{
		Schema:   r.schema,
		Timeouts: r.timeouts,
		Validate: r.validate,
		Plan: func(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
			c, diags := p.configured()
			if diags.HasErrors() {
				return schema.PlanResourceResponse{Diagnostics: diags}
			}
			return r.planner(c).Plan(req)
		},
		Create: func(ctx context.Context, planned, _ cty.Value) (cty.Value, schema.Diagnostics) {
			c, diags := p.configured()
			if diags.HasErrors() {
				return cty.NilVal, diags
			}
			written, diags := r.create(ctx, c, planned)
			if written.IsNull() {
				return written, diags
			}
			return r.afterWrite(ctx, c, written, diags)
		},
		Read: func(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics) {
			c, diags := p.configured()
			if diags.HasErrors() {
				return prior, diags
			}
			live, diags := r.read(ctx, c, prior)
			if diags.HasErrors() {
				return prior, diags
			}
			return r.settle(prior, live), diags
		},
		Update: func(ctx context.Context, prior, planned, _ cty.Value) (cty.Value, schema.Diagnostics) {
			c, diags := p.configured()
			if diags.HasErrors() {
				return prior, diags
			}
			if r.update == nil {
				return prior, schema.Errorf(nil, "Resource cannot be updated",
					"Every change to this resource type requires replacement.")
			}
			written, diags := r.update(ctx, c, prior, planned)
			return r.afterWrite(ctx, c, written, diags)
		},
		Delete: func(ctx context.Context, prior cty.Value) schema.Diagnostics {
			c, diags := p.configured()
			if diags.HasErrors() {
				return diags
			}
			return r.delete(ctx, c, prior)
		},
		Import: func(_ context.Context, id string) (cty.Value, schema.Diagnostics) {
			return r.importState(id)
		},
	}
}

// data turns a data source type into kit's form. Pure data sources need
// no Configure; what a read leaves unknown is recorded null.
func (p *Provider) data(d *dataSourceType) kit.DataSource {
	return kit.DataSource{
		Schema: d.schema,
		Read: func(ctx context.Context, config cty.Value) (cty.Value, schema.Diagnostics) {
			var c *client
			if !d.pure {
				var diags schema.Diagnostics
				if c, diags = p.configured(); diags.HasErrors() {
					return cty.NilVal, diags
				}
			}
			state, diags := d.read(ctx, c, config)
			if diags.HasErrors() {
				return state, diags
			}
			return kit.NullUnknowns(state), diags
		},
	}
}
