package timeprovider

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var offsetFields = []string{"offset_years", "offset_months", "offset_days", "offset_hours", "offset_minutes", "offset_seconds"}

// offsetResource is time_offset: a base timestamp and another at an offset
// from it. Changing the offsets updates it in place.
func offsetResource() kit.Resource {
	attrs := map[string]*schema.Attribute{
		"base_rfc3339": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: "The base timestamp; the time of creation when not set."},
		"rfc3339":  {Type: cty.String, Computed: true, Description: "The base timestamp plus the offset."},
		"triggers": triggers(),
		"id":       {Type: cty.String, Computed: true, Description: "The base timestamp."},
	}
	for _, name := range offsetFields {
		attrs[name] = &schema.Attribute{Type: cty.Number, Optional: true,
			Description: "Part of the offset from the base timestamp; may be negative."}
	}
	addTimeFields(attrs)
	return withPlanFill(kit.Resource{
		Schema:   &schema.Resource{Block: &schema.Block{Attributes: attrs}},
		Validate: validateOffset,
		Create:   createOffset,
		Import:   importOffset,
	}, func(planned, _ cty.Value) cty.Value { return planOffset(planned) })
}

func validateOffset(config cty.Value) schema.Diagnostics {
	diags := requireOne(config, offsetFields...)
	diags = append(diags, validateWhole(config, math.MinInt64, offsetFields...)...)
	return append(diags, validateTimes(config, "base_rfc3339")...)
}

// planOffset computes the offset timestamp when the base and the offsets
// are known, and plans it unknown otherwise.
func planOffset(planned cty.Value) cty.Value {
	base, ok, err := parseTime(planned, "base_rfc3339")
	if !ok || err != nil || !kit.Known(planned, offsetFields...) {
		attrs := unknownTimeValues()
		attrs["rfc3339"] = cty.UnknownVal(cty.String)
		attrs["id"] = planned.GetAttr("base_rfc3339")
		return kit.SetAll(planned, attrs)
	}
	return kit.SetAll(planned, offsetValues(planned, base))
}

// offsetValues returns the computed values for base plus obj's offsets.
func offsetValues(obj cty.Value, base time.Time) map[string]cty.Value {
	t := base.AddDate(int(kit.Int(obj, "offset_years")), int(kit.Int(obj, "offset_months")), int(kit.Int(obj, "offset_days")))
	t = t.Add(time.Duration(kit.Int(obj, "offset_hours"))*time.Hour +
		time.Duration(kit.Int(obj, "offset_minutes"))*time.Minute +
		time.Duration(kit.Int(obj, "offset_seconds"))*time.Second)
	attrs := timeValues(t)
	attrs["rfc3339"] = cty.StringVal(t.Format(time.RFC3339))
	attrs["id"] = obj.GetAttr("base_rfc3339")
	return attrs
}

func createOffset(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	base, ok, err := parseTime(planned, "base_rfc3339")
	if err != nil {
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("base_rfc3339"), "Invalid timestamp", err.Error())
	}
	if !ok {
		base = now()
		planned = kit.Set(planned, "base_rfc3339", cty.StringVal(base.Format(time.RFC3339)))
	}
	return kit.SetAll(planned, offsetValues(planned, base)), nil
}

// importOffset takes BASE,YEARS,MONTHS,DAYS,HOURS,MINUTES,SECONDS, as
// Terraform; zero offsets are left unset.
func importOffset(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	bad := schema.Errorf(nil, "Invalid import ID", fmt.Sprintf(
		"%q is not BASE,YEARS,MONTHS,DAYS,HOURS,MINUTES,SECONDS with an RFC 3339 base and whole numbers.", id))
	parts := strings.Split(id, ",")
	if len(parts) != 1+len(offsetFields) {
		return cty.NilVal, bad
	}
	base, err := time.Parse(time.RFC3339, parts[0])
	if err != nil {
		return cty.NilVal, bad
	}
	attrs := map[string]cty.Value{
		"base_rfc3339": cty.StringVal(parts[0]),
		"triggers":     cty.NullVal(cty.Map(cty.String)),
	}
	for i, name := range offsetFields {
		n, err := strconv.ParseInt(parts[i+1], 10, 64)
		if err != nil {
			return cty.NilVal, bad
		}
		attrs[name] = cty.NullVal(cty.Number)
		if n != 0 {
			attrs[name] = cty.NumberIntVal(n)
		}
	}
	obj := cty.ObjectVal(attrs)
	return kit.SetAll(obj, offsetValues(obj, base)), nil
}
