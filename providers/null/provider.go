package null

import (
	"context"
	"crypto/rand"
	"math"
	"math/big"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Provider is the null provider. It has an empty configuration block and is
// safe for concurrent use.
type Provider struct {
	kit.Provider
}

var _ schema.Provider = (*Provider)(nil)

// New returns a null provider.
func New() schema.Provider {
	return &Provider{kit.Provider{
		Resources: map[string]kit.Resource{"null_resource": nullResource()},
	}}
}

func nullResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"triggers": {Type: cty.Map(cty.String), Optional: true, ForceNew: true,
				Description: "Arbitrary values that, when changed, replace the resource."},
			"id": {Type: cty.String, Computed: true, Description: "A random decimal number."},
		}}},
		Create: createNull,
	}
}

// createNull gives the resource a random non-negative decimal id, like
// Terraform's.
func createNull(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	n, err := rand.Int(rand.Reader, big.NewInt(math.MaxInt64))
	if err != nil {
		return cty.NilVal, schema.FromErr(err, "Cannot generate id")
	}
	return kit.Set(planned, "id", cty.StringVal(n.String())), nil
}
