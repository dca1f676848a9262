package random

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// uuidResource is random_uuid: a random (version 4) UUID.
func uuidResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"keepers": keepers(),
			"result":  {Type: cty.String, Computed: true, Description: "The UUID, lower case with hyphens."},
			"id":      {Type: cty.String, Computed: true},
		}}},
		Create: createUUID,
		Import: importUUID,
	}
}

func createUUID(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	u, err := uuid.NewRandom()
	if err != nil {
		return cty.NilVal, schema.FromErr(err, "Cannot generate UUID")
	}
	return kit.SetAll(planned, uuidValues(u.String())), nil
}

func uuidValues(s string) map[string]cty.Value {
	return map[string]cty.Value{"result": cty.StringVal(s), "id": cty.StringVal(s)}
}

// importUUID takes the UUID in its 36-character form.
func importUUID(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	u, err := uuid.Parse(id)
	if err != nil || len(id) != 36 {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID",
			fmt.Sprintf("%q is not a UUID of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.", id))
	}
	attrs := uuidValues(u.String())
	attrs["keepers"] = cty.NullVal(cty.Map(cty.String))
	return cty.ObjectVal(attrs), nil
}
