package timeprovider

import (
	"context"
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// staticResource is time_static: a timestamp taken once, at create (or
// given as rfc3339), kept until triggers change.
func staticResource() kit.Resource {
	attrs := map[string]*schema.Attribute{
		"rfc3339": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: "The timestamp; the time of creation when not set."},
		"triggers": triggers(),
		"id":       {Type: cty.String, Computed: true, Description: "The timestamp, as rfc3339."},
	}
	addTimeFields(attrs)
	return withPlanFill(kit.Resource{
		Schema:   &schema.Resource{Block: &schema.Block{Attributes: attrs}},
		Validate: func(config cty.Value) schema.Diagnostics { return validateTimes(config, "rfc3339") },
		Create:   createStatic,
		Import:   importStatic,
	}, func(planned, _ cty.Value) cty.Value {
		// A configured timestamp tells its fields at plan time.
		if t, ok, err := parseTime(planned, "rfc3339"); ok && err == nil {
			return kit.SetAll(planned, staticValues(kit.String(planned, "rfc3339"), t))
		}
		return planned
	})
}

// staticValues returns the computed values of a time_static whose
// timestamp is rfc, parsed as t. The text is kept as written.
func staticValues(rfc string, t time.Time) map[string]cty.Value {
	attrs := timeValues(t)
	attrs["rfc3339"] = cty.StringVal(rfc)
	attrs["id"] = attrs["rfc3339"]
	return attrs
}

func createStatic(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	t, ok, err := parseTime(planned, "rfc3339")
	if err != nil {
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("rfc3339"), "Invalid timestamp", err.Error())
	}
	rfc := kit.String(planned, "rfc3339")
	if !ok {
		t = now()
		rfc = t.Format(time.RFC3339)
	}
	return kit.SetAll(planned, staticValues(rfc, t)), nil
}

// importStatic takes the RFC 3339 timestamp.
func importStatic(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	t, err := time.Parse(time.RFC3339, id)
	if err != nil {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID",
			fmt.Sprintf("%q is not an RFC 3339 timestamp such as 2024-01-02T15:04:05Z.", id))
	}
	attrs := staticValues(id, t)
	attrs["triggers"] = cty.NullVal(cty.Map(cty.String))
	return cty.ObjectVal(attrs), nil
}
