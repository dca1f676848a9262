package timeprovider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var rotationFields = []string{"rotation_years", "rotation_months", "rotation_days", "rotation_hours", "rotation_minutes"}

// rotatingResource is time_rotating: a timestamp that is replaced once its
// rotation time (base plus the rotation_* period, or rotation_rfc3339) has
// passed.
func rotatingResource() kit.Resource {
	attrs := map[string]*schema.Attribute{
		"rfc3339": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: "The base timestamp; the time of creation when not set."},
		"rotation_rfc3339": {Type: cty.String, Optional: true, Computed: true,
			Description: "When to rotate; the base plus the rotation_* period when not set."},
		"triggers": triggers(),
		"id":       {Type: cty.String, Computed: true, Description: "The base timestamp, as rfc3339."},
	}
	for _, name := range rotationFields {
		attrs[name] = &schema.Attribute{Type: cty.Number, Optional: true,
			Description: "Part of the period after the base timestamp at which to rotate."}
	}
	addTimeFields(attrs)
	return withPlanFill(kit.Resource{
		Schema:   &schema.Resource{Block: &schema.Block{Attributes: attrs}},
		Validate: validateRotating,
		Create:   createRotating,
		Read:     readRotating,
		Import:   importRotating,
	}, planRotation)
}

func validateRotating(config cty.Value) schema.Diagnostics {
	diags := requireOne(config, append(append([]string{}, rotationFields...), "rotation_rfc3339")...)
	diags = append(diags, validateWhole(config, 1, rotationFields...)...)
	return append(diags, validateTimes(config, "rfc3339", "rotation_rfc3339")...)
}

// planRotation fills in what the plan can tell: the base's fields, and the
// rotation time when configuration leaves it to be computed.
func planRotation(planned, config cty.Value) cty.Value {
	base, ok, err := parseTime(planned, "rfc3339")
	known := ok && err == nil
	attrs := unknownTimeValues()
	attrs["id"] = cty.UnknownVal(cty.String)
	if known {
		attrs = timeValues(base)
		attrs["id"] = planned.GetAttr("rfc3339")
	}
	if config.GetAttr("rotation_rfc3339").IsNull() {
		attrs["rotation_rfc3339"] = cty.UnknownVal(cty.String)
		if known && kit.Known(planned, rotationFields...) {
			attrs["rotation_rfc3339"] = cty.StringVal(rotate(base, planned).Format(time.RFC3339))
		}
	}
	return kit.SetAll(planned, attrs)
}

// rotate adds the rotation_* period of obj to base.
func rotate(base time.Time, obj cty.Value) time.Time {
	t := base.AddDate(int(kit.Int(obj, "rotation_years")), int(kit.Int(obj, "rotation_months")), int(kit.Int(obj, "rotation_days")))
	return t.Add(time.Duration(kit.Int(obj, "rotation_hours"))*time.Hour +
		time.Duration(kit.Int(obj, "rotation_minutes"))*time.Minute)
}

func createRotating(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	base, ok, err := parseTime(planned, "rfc3339")
	if err != nil {
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("rfc3339"), "Invalid timestamp", err.Error())
	}
	if !ok {
		base = now()
		planned = kit.Set(planned, "rfc3339", cty.StringVal(base.Format(time.RFC3339)))
	}
	attrs := timeValues(base)
	attrs["id"] = planned.GetAttr("rfc3339")
	if !kit.IsSet(planned, "rotation_rfc3339") {
		attrs["rotation_rfc3339"] = cty.StringVal(rotate(base, planned).Format(time.RFC3339))
	}
	return kit.SetAll(planned, attrs), nil
}

// readRotating reports the object gone once its rotation time has passed,
// so that the next plan creates a new one, as Terraform's does.
func readRotating(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics) {
	rotation, ok, err := parseTime(prior, "rotation_rfc3339")
	if err != nil {
		return prior, schema.Errorf(cty.GetAttrPath("rotation_rfc3339"), "Invalid timestamp in state", err.Error())
	}
	if ok && time.Now().After(rotation) {
		return cty.NilVal, nil
	}
	return prior, nil
}

// importRotating takes BASE,YEARS,MONTHS,DAYS,HOURS,MINUTES or
// BASE,ROTATION (RFC 3339 timestamps), as Terraform.
func importRotating(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	bad := schema.Errorf(nil, "Invalid import ID", fmt.Sprintf(
		"%q is not BASE,YEARS,MONTHS,DAYS,HOURS,MINUTES or BASE,ROTATION with RFC 3339 timestamps and whole numbers.", id))
	parts := strings.Split(id, ",")
	if len(parts) != 2 && len(parts) != 6 {
		return cty.NilVal, bad
	}
	base, err := time.Parse(time.RFC3339, parts[0])
	if err != nil {
		return cty.NilVal, bad
	}
	attrs := timeValues(base)
	attrs["rfc3339"] = cty.StringVal(parts[0])
	attrs["id"] = attrs["rfc3339"]
	attrs["triggers"] = cty.NullVal(cty.Map(cty.String))
	for _, name := range rotationFields {
		attrs[name] = cty.NullVal(cty.Number)
	}
	if len(parts) == 2 {
		if _, err := time.Parse(time.RFC3339, parts[1]); err != nil {
			return cty.NilVal, bad
		}
		attrs["rotation_rfc3339"] = cty.StringVal(parts[1])
		return cty.ObjectVal(attrs), nil
	}
	for i, name := range rotationFields {
		n, err := strconv.ParseInt(parts[i+1], 10, 64)
		if err != nil || n < 0 {
			return cty.NilVal, bad
		}
		if n > 0 {
			attrs[name] = cty.NumberIntVal(n)
		}
	}
	obj := cty.ObjectVal(attrs)
	return kit.Set(obj, "rotation_rfc3339", cty.StringVal(rotate(base, obj).Format(time.RFC3339))), nil
}
