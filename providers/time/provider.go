package timeprovider

import (
	"context"
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Provider is the time provider. It has an empty configuration block and is
// safe for concurrent use.
type Provider struct {
	kit.Provider
}

var _ schema.Provider = (*Provider)(nil)

// New returns a time provider.
func New() schema.Provider {
	return &Provider{kit.Provider{
		Resources: map[string]kit.Resource{
			"time_sleep":    sleepResource(),
			"time_static":   staticResource(),
			"time_rotating": rotatingResource(),
			"time_offset":   offsetResource(),
		},
	}}
}

// withPlanFill is r planned by kit.Plan, then, when the object is to
// change, by fill(planned, config): what a time resource can tell before
// apply.
func withPlanFill(r kit.Resource, fill func(planned, config cty.Value) cty.Value) kit.Resource {
	base := r
	r.Plan = func(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
		resp := kit.Plan(&base, req)
		if !resp.PlannedState.RawEquals(req.PriorState) {
			resp.PlannedState = fill(resp.PlannedState, req.Config)
		}
		return resp
	}
	return r
}

func triggers() *schema.Attribute {
	return &schema.Attribute{Type: cty.Map(cty.String), Optional: true, ForceNew: true,
		Description: "Arbitrary values that, when changed, replace the resource."}
}

// timeFields are the computed number attributes that break a timestamp
// down.
var timeFields = []string{"year", "month", "day", "hour", "minute", "second", "unix"}

// addTimeFields adds the timeFields attributes to attrs.
func addTimeFields(attrs map[string]*schema.Attribute) {
	for _, name := range timeFields {
		attrs[name] = &schema.Attribute{Type: cty.Number, Computed: true}
	}
}

// timeValues returns the timeFields values of t.
func timeValues(t time.Time) map[string]cty.Value {
	return map[string]cty.Value{
		"year":   cty.NumberIntVal(int64(t.Year())),
		"month":  cty.NumberIntVal(int64(t.Month())),
		"day":    cty.NumberIntVal(int64(t.Day())),
		"hour":   cty.NumberIntVal(int64(t.Hour())),
		"minute": cty.NumberIntVal(int64(t.Minute())),
		"second": cty.NumberIntVal(int64(t.Second())),
		"unix":   cty.NumberIntVal(t.Unix()),
	}
}

// unknownTimeValues returns the timeFields values of a time not yet known.
func unknownTimeValues() map[string]cty.Value {
	out := make(map[string]cty.Value, len(timeFields))
	for _, name := range timeFields {
		out[name] = cty.UnknownVal(cty.Number)
	}
	return out
}

// now is the current time in UTC to the second, as RFC 3339 keeps it.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Second)
}

// parseTime parses an RFC 3339 attribute of obj, if it is set.
func parseTime(obj cty.Value, name string) (time.Time, bool, error) {
	if !kit.IsSet(obj, name) {
		return time.Time{}, false, nil
	}
	t, err := time.Parse(time.RFC3339, kit.String(obj, name))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%s %q is not an RFC 3339 timestamp such as 2024-01-02T15:04:05Z", name, kit.String(obj, name))
	}
	return t, true, nil
}

// validateTimes checks that the named attributes, when known, are RFC 3339
// timestamps.
func validateTimes(config cty.Value, names ...string) schema.Diagnostics {
	var diags schema.Diagnostics
	for _, name := range names {
		if _, _, err := parseTime(config, name); err != nil {
			diags = append(diags, schema.Errorf(cty.GetAttrPath(name), "Invalid timestamp", err.Error())...)
		}
	}
	return diags
}

// validateWhole checks that the named number attributes, when known, are
// whole numbers of at least lowest.
func validateWhole(config cty.Value, lowest int64, names ...string) schema.Diagnostics {
	var diags schema.Diagnostics
	for _, name := range names {
		v := config.GetAttr(name)
		if v.IsNull() || !v.IsKnown() {
			continue
		}
		if !kit.IsWhole(v) || kit.Int(config, name) < lowest {
			diags = append(diags, schema.Errorf(cty.GetAttrPath(name), "Invalid "+name,
				fmt.Sprintf("%s must be a whole number of at least %d.", name, lowest))...)
		}
	}
	return diags
}

// requireOne checks that at least one of the named attributes is set
// (known or not), reporting the error at the first.
func requireOne(config cty.Value, names ...string) schema.Diagnostics {
	for _, name := range names {
		if !config.GetAttr(name).IsNull() {
			return nil
		}
	}
	return schema.Errorf(cty.GetAttrPath(names[0]), "Missing argument",
		fmt.Sprintf("At least one of %v must be set.", names))
}
