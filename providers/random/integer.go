package random

import (
	"context"
	"crypto/rand"
	"fmt"
	"hash/crc64"
	"math/big"
	mathrand "math/rand"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// integerResource is random_integer: a whole number in [min, max].
func integerResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"keepers": keepers(),
			"min":     {Type: cty.Number, Required: true, ForceNew: true, Description: "The least result."},
			"max":     {Type: cty.Number, Required: true, ForceNew: true, Description: "The greatest result."},
			"seed": {Type: cty.String, Optional: true, ForceNew: true,
				Description: "Makes the result reproducible: the same seed and range give the same result."},
			"result": {Type: cty.Number, Computed: true},
			"id":     {Type: cty.String, Computed: true, Description: "The result, as a string."},
		}}},
		Validate: validateInteger,
		Create:   createInteger,
		Import:   importInteger,
	}
}

func validateInteger(config cty.Value) schema.Diagnostics {
	var diags schema.Diagnostics
	for _, name := range []string{"min", "max"} {
		if v := config.GetAttr(name); v.IsKnown() && !v.IsNull() && !kit.IsWhole(v) {
			diags = append(diags, schema.Errorf(cty.GetAttrPath(name), "Invalid "+name,
				name+" must be a whole number that fits in 64 bits.")...)
		}
	}
	if diags.HasErrors() || !kit.Known(config, "min", "max") {
		return diags
	}
	lo, hi := kit.Int(config, "min"), kit.Int(config, "max")
	if hi < lo {
		return schema.Errorf(cty.GetAttrPath("max"), "Invalid max",
			fmt.Sprintf("max (%d) must be at least min (%d).", hi, lo))
	}
	if hi-lo+1 <= 0 {
		return schema.Errorf(cty.GetAttrPath("max"), "Invalid range", "The range from min to max is too wide.")
	}
	return nil
}

func createInteger(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	lo, hi := kit.Int(planned, "min"), kit.Int(planned, "max")
	result, err := randomInt(lo, hi, kit.String(planned, "seed"))
	if err != nil {
		return cty.NilVal, schema.FromErr(err, "Cannot generate random integer")
	}
	return kit.SetAll(planned, map[string]cty.Value{
		"result": cty.NumberIntVal(result),
		"id":     cty.StringVal(strconv.FormatInt(result, 10)),
	}), nil
}

// randomInt returns a number in [lo, hi]: from crypto/rand, or, with a
// seed, from math/rand seeded with the seed's CRC-64 (ISO), the way
// Terraform's random_integer does, so that it is reproducible.
func randomInt(lo, hi int64, seed string) (int64, error) {
	span := hi - lo + 1
	if span <= 0 {
		return 0, fmt.Errorf("invalid range [%d, %d]", lo, hi)
	}
	if seed != "" {
		src := mathrand.NewSource(int64(crc64.Checksum([]byte(seed), crc64.MakeTable(crc64.ISO))))
		return lo + int64(mathrand.New(src).Intn(int(span))), nil
	}
	n, err := rand.Int(rand.Reader, big.NewInt(span))
	if err != nil {
		return 0, err
	}
	return lo + n.Int64(), nil
}

// importInteger takes "result,min,max" or "result,min,max,seed".
func importInteger(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	parts := strings.Split(id, ",")
	bad := schema.Errorf(nil, "Invalid import ID",
		fmt.Sprintf("%q is not RESULT,MIN,MAX or RESULT,MIN,MAX,SEED with whole numbers and MIN <= RESULT <= MAX.", id))
	if len(parts) != 3 && len(parts) != 4 {
		return cty.NilVal, bad
	}
	var nums [3]int64
	for i := range nums {
		n, err := strconv.ParseInt(parts[i], 10, 64)
		if err != nil {
			return cty.NilVal, bad
		}
		nums[i] = n
	}
	if nums[0] < nums[1] || nums[0] > nums[2] {
		return cty.NilVal, bad
	}
	seed := cty.NullVal(cty.String)
	if len(parts) == 4 {
		seed = cty.StringVal(parts[3])
	}
	return cty.ObjectVal(map[string]cty.Value{
		"keepers": cty.NullVal(cty.Map(cty.String)),
		"result":  cty.NumberIntVal(nums[0]),
		"id":      cty.StringVal(parts[0]),
		"min":     cty.NumberIntVal(nums[1]),
		"max":     cty.NumberIntVal(nums[2]),
		"seed":    seed,
	}), nil
}
