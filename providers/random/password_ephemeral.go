package random

import (
	"context"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// ephemeralPassword is the ephemeral random_password (hashicorp/random
// 3.7): the managed random_password's settings, result and bcrypt_hash,
// without keepers, id or the deprecated number, generated anew each time
// it is opened. Its result echoes the settings with their defaults filled
// in, as Terraform's does. It needs no renewal and nothing to close.
func ephemeralPassword() kit.EphemeralResource {
	return kit.EphemeralResource{
		Schema: &schema.Resource{Block: &schema.Block{
			Description: "A random password that is never stored in a plan or state, for a write-only attribute.",
			Attributes:  generatedAttrs(false, true),
		}},
		Defaults: classDefaults,
		Validate: validateString,
		Open:     openPassword,
	}
}

func openPassword(ctx context.Context, config cty.Value) (cty.Value, []byte, time.Time, schema.Diagnostics) {
	result, diags := generate(stringParamsOf(config))
	if diags.HasErrors() {
		return cty.NilVal, nil, time.Time{}, diags
	}
	hash, diags := bcryptHash(result)
	if diags.HasErrors() {
		return cty.NilVal, nil, time.Time{}, diags
	}
	return kit.SetAll(config, map[string]cty.Value{"result": cty.StringVal(result), "bcrypt_hash": hash}), nil, time.Time{}, nil
}
