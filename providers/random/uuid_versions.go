package random

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// uuidVersionResource is random_uuid4 (version 4, random) or random_uuid7
// (version 7, time-ordered): the UUID in result and id.
func uuidVersionResource(version int, generate func() (uuid.UUID, error)) kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"keepers": keepers(),
			"result": {Type: cty.String, Computed: true,
				Description: fmt.Sprintf("The version %d UUID, lower case with hyphens.", version)},
			"id": {Type: cty.String, Computed: true, Description: "The UUID, as result."},
		}}},
		Create: func(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			u, err := generate()
			if err != nil {
				return cty.NilVal, schema.FromErr(err, "Cannot generate UUID")
			}
			return kit.SetAll(planned, uuidValues(u.String())), nil
		},
		Import: importUUIDAny,
	}
}

// importUUIDAny takes a UUID in any form uuid.Parse accepts and records
// its canonical form, as Terraform's random_uuid4 and random_uuid7 do.
func importUUIDAny(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	u, err := uuid.Parse(id)
	if err != nil {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID", fmt.Sprintf("%q is not a UUID: %v.", id, err))
	}
	attrs := uuidValues(u.String())
	attrs["keepers"] = cty.NullVal(cty.Map(cty.String))
	return cty.ObjectVal(attrs), nil
}
