package timeprovider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// sleepResource is time_sleep: waits create_duration when created and
// destroy_duration when destroyed, to give eventually consistent systems
// time to settle. Changing a duration updates it in place, without waiting.
func sleepResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"create_duration": {Type: cty.String, Optional: true,
				Description: "How long to wait on create, as a Go duration such as \"30s\"."},
			"destroy_duration": {Type: cty.String, Optional: true,
				Description: "How long to wait on destroy, as a Go duration such as \"30s\"."},
			"triggers": triggers(),
			"id":       {Type: cty.String, Computed: true, Description: "The time of creation, RFC 3339."},
		}}},
		Validate: validateSleep,
		Create:   createSleep,
		Delete:   deleteSleep,
		Import:   importSleep,
	}
}

func validateSleep(config cty.Value) schema.Diagnostics {
	var diags schema.Diagnostics
	for _, name := range []string{"create_duration", "destroy_duration"} {
		if !kit.IsSet(config, name) {
			continue
		}
		if _, err := parseDuration(kit.String(config, name)); err != nil {
			diags = append(diags, schema.Errorf(cty.GetAttrPath(name), "Invalid duration", err.Error())...)
		}
	}
	return diags
}

func parseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a non-negative duration such as \"30s\" or \"1m30s\"", s)
	}
	return d, nil
}

func createSleep(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	if diags := sleepFor(ctx, planned, "create_duration"); diags.HasErrors() {
		return cty.NilVal, diags
	}
	return kit.Set(planned, "id", cty.StringVal(now().Format(time.RFC3339))), nil
}

func deleteSleep(ctx context.Context, prior cty.Value) schema.Diagnostics {
	return sleepFor(ctx, prior, "destroy_duration")
}

// sleepFor waits the duration in obj's attribute, or until ctx is done.
func sleepFor(ctx context.Context, obj cty.Value, name string) schema.Diagnostics {
	d, err := parseDuration(kit.String(obj, name))
	if err != nil {
		return schema.Errorf(cty.GetAttrPath(name), "Invalid duration", err.Error())
	}
	if d == 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return schema.Errorf(cty.GetAttrPath(name), "Sleep interrupted",
			fmt.Sprintf("The %s wait of %s was cancelled: %s.", name, d, ctx.Err()))
	}
}

// importSleep takes CREATE_DURATION,DESTROY_DURATION (either may be empty),
// as Terraform.
func importSleep(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	create, destroy, found := strings.Cut(id, ",")
	_, errC := parseDuration(create)
	_, errD := parseDuration(destroy)
	if !found || errC != nil || errD != nil {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID",
			fmt.Sprintf("%q is not CREATE_DURATION,DESTROY_DURATION, such as \"30s,\" or \",1m\".", id))
	}
	attrs := map[string]cty.Value{
		"create_duration":  cty.NullVal(cty.String),
		"destroy_duration": cty.NullVal(cty.String),
		"triggers":         cty.NullVal(cty.Map(cty.String)),
		"id":               cty.StringVal(now().Format(time.RFC3339)),
	}
	if create != "" {
		attrs["create_duration"] = cty.StringVal(create)
	}
	if destroy != "" {
		attrs["destroy_duration"] = cty.StringVal(destroy)
	}
	return cty.ObjectVal(attrs), nil
}
