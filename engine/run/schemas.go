package run

import (
	"context"

	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/schema"
)

// Schemas returns a lookup of the schema block of a change's resource
// type, for the plan text (render.Plan renders nested blocks as blocks
// with it), and a function that ends the provider processes it started.
// Schemas come from the providers' schema caches where they have one; a
// type whose provider cannot tell gives nil, and its change renders
// without blocks.
func Schemas(ctx context.Context, reg schema.Registry) (func(*plans.ResourceChange) *schema.Block, func()) {
	provs := eval.NewProviders(reg)
	return func(rc *plans.ResourceChange) *schema.Block {
		rs, err := provs.ResourceSchema(ctx, rc.ProviderKey, rc.Addr.Resource)
		if err != nil || rs == nil {
			return nil
		}
		return rs.Block
	}, func() { provs.Close() }
}
