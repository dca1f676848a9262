package terraform

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// remoteState is the terraform_remote_state data source over the injected
// backends.
type remoteState struct {
	opts Options
}

func (rs *remoteState) dataSource() kit.DataSource {
	return kit.DataSource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"backend": {Type: cty.String, Required: true,
				Description: "The backend type that stores the state: local, s3, gcs or pg."},
			"config": {Type: cty.DynamicPseudoType, Optional: true,
				Description: "The backend's configuration, as in a backend block."},
			"defaults": {Type: cty.DynamicPseudoType, Optional: true,
				Description: "Values of outputs that the state does not have."},
			"outputs": {Type: cty.DynamicPseudoType, Computed: true,
				Description: "The root module outputs of the state, over defaults."},
			"workspace": {Type: cty.String, Optional: true,
				Description: `The workspace whose state to read (default "default").`},
		}}},
		Validate: rs.validate,
		Read:     rs.read,
	}
}

// validate checks the backend type, its configuration and defaults as far
// as they are known.
func (rs *remoteState) validate(config cty.Value) schema.Diagnostics {
	var diags schema.Diagnostics
	if _, _, d := rs.backend(config); d != nil {
		diags = append(diags, d...)
	}
	return append(diags, checkDefaults(config.GetAttr("defaults"))...)
}

// backend returns the backend type and its configuration coerced to the
// backend's schema; ok is false while either is unknown.
func (rs *remoteState) backend(config cty.Value) (string, cty.Value, schema.Diagnostics) {
	bv := config.GetAttr("backend")
	if !bv.IsKnown() || bv.IsNull() {
		return "", cty.NilVal, nil
	}
	typ := bv.AsString()
	block, ok := rs.opts.Backends[typ]
	if !ok {
		return "", cty.NilVal, schema.Errorf(cty.GetAttrPath("backend"), "Invalid backend configuration",
			fmt.Sprintf("There is no backend type named %q. Supported: %s.", typ, strings.Join(rs.backendNames(), ", ")))
	}
	cv := config.GetAttr("config")
	if !cv.IsWhollyKnown() {
		return "", cty.NilVal, nil
	}
	coerced, err := coerce(block, cv, cty.GetAttrPath("config"))
	if err != nil {
		var pe cty.PathError
		path := cty.GetAttrPath("config")
		if errors.As(err, &pe) {
			path = pe.Path
		}
		return "", cty.NilVal, schema.Errorf(path, "Invalid backend configuration",
			fmt.Sprintf("The given configuration is not valid for backend %q: %s.", typ, errText(err)))
	}
	return typ, coerced, nil
}

func (rs *remoteState) backendNames() []string {
	names := make([]string, 0, len(rs.opts.Backends))
	for n := range rs.opts.Backends {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// checkDefaults requires defaults to be an object or a map when known.
func checkDefaults(v cty.Value) schema.Diagnostics {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	ty := v.Type()
	if ty.IsObjectType() || ty.IsMapType() {
		return nil
	}
	return schema.Errorf(cty.GetAttrPath("defaults"), "Invalid default values",
		fmt.Sprintf("defaults must be an object or a map of output values, not %s.", ty.FriendlyName()))
}

// read is Terraform's dataSourceRemoteStateRead: outputs are the defaults
// overlaid with the state's root outputs (whose sensitivity is not carried
// over, as in Terraform); a missing state is an error.
func (rs *remoteState) read(ctx context.Context, config cty.Value) (cty.Value, schema.Diagnostics) {
	typ, backendConfig, diags := rs.backend(config)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	if d := checkDefaults(config.GetAttr("defaults")); d.HasErrors() {
		return cty.NilVal, d
	}
	if rs.opts.ReadOutputs == nil {
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("backend"), "Error loading state error",
			"This program cannot read remote state.")
	}
	workspace := "default"
	if w := config.GetAttr("workspace"); !w.IsNull() {
		workspace = w.AsString()
	}
	outputs := map[string]cty.Value{}
	if d := config.GetAttr("defaults"); !d.IsNull() {
		for it := d.ElementIterator(); it.Next(); {
			k, v := it.Element()
			outputs[k.AsString()] = v
		}
	}
	stored, err := rs.opts.ReadOutputs(ctx, typ, backendConfig, workspace)
	switch {
	case errors.Is(err, ErrNoState):
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("workspace"), "Unable to find remote state",
			"No stored state was found for the given workspace in the given backend.")
	case err != nil:
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("backend"), "Error loading state error",
			fmt.Sprintf("error loading the remote state: %s", err))
	}
	for k, v := range stored {
		outputs[k] = v
	}
	return kit.Set(config, "outputs", cty.ObjectVal(outputs)), nil
}
