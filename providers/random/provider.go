package random

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Provider is the random provider. It has an empty configuration block and
// is safe for concurrent use.
type Provider struct {
	kit.Provider
}

var _ schema.Provider = (*Provider)(nil)

// New returns a random provider.
func New() schema.Provider {
	return &Provider{kit.Provider{
		Resources: map[string]kit.Resource{
			"random_id":       idResource(),
			"random_string":   stringResource(false),
			"random_password": stringResource(true),
			"random_integer":  integerResource(),
			"random_pet":      petResource(),
			"random_uuid":     uuidResource(),
			"random_uuid4":    uuidVersionResource(4, uuid.NewRandom),
			"random_uuid7":    uuidVersionResource(7, uuid.NewV7),
			"random_shuffle":  shuffleResource(),
			"random_bytes":    bytesResource(),
		},
		EphemeralResources: map[string]kit.EphemeralResource{
			"random_password": ephemeralPassword(),
		},
	}}
}

// keepers is the attribute every random resource has: arbitrary values
// whose change makes a new random value.
func keepers() *schema.Attribute {
	return &schema.Attribute{Type: cty.Map(cty.String), Optional: true, ForceNew: true,
		Description: "Arbitrary values that, when changed, replace the resource with a new random value."}
}

// wholeAtLeast checks that a known number attribute is a whole number no
// less than lowest.
func wholeAtLeast(config cty.Value, name string, lowest int64) schema.Diagnostics {
	v := config.GetAttr(name)
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	if !kit.IsWhole(v) || kit.Int(config, name) < lowest {
		return schema.Errorf(cty.GetAttrPath(name), "Invalid "+name,
			fmt.Sprintf("%s must be a whole number of at least %d.", name, lowest))
	}
	return nil
}
