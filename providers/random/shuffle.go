package random

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"hash/crc64"
	mathrand "math/rand"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// shuffleResource is random_shuffle: a random permutation of a list of
// strings, result_count long (repeating whole permutations when longer than
// the input), reproducible with a seed.
func shuffleResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"keepers": keepers(),
			"seed": {Type: cty.String, Optional: true, ForceNew: true,
				Description: "A seed that makes the permutation reproducible."},
			"input": {Type: cty.List(cty.String), Required: true, ForceNew: true,
				Description: "The list of strings to shuffle."},
			"result_count": {Type: cty.Number, Optional: true, ForceNew: true,
				Description: "How many items to return (default: as many as input has)."},
			"result": {Type: cty.List(cty.String), Computed: true, Description: "The shuffled list."},
			"id":     {Type: cty.String, Computed: true, Description: `Always "-".`},
		}}},
		Validate: func(config cty.Value) schema.Diagnostics { return wholeAtLeast(config, "result_count", 0) },
		Create:   createShuffle,
	}
}

func createShuffle(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	var input []cty.Value
	if in := planned.GetAttr("input"); !in.IsNull() {
		input = in.AsValueSlice()
	}
	count := int(kit.Int(planned, "result_count"))
	if count == 0 {
		count = len(input)
	}
	rnd, err := shuffleRand(kit.String(planned, "seed"))
	if err != nil {
		return cty.NilVal, schema.FromErr(err, "Cannot shuffle")
	}
	result := make([]cty.Value, 0, count)
	for len(input) > 0 && len(result) < count {
		for _, i := range rnd.Perm(len(input)) {
			result = append(result, input[i])
			if len(result) == count {
				break
			}
		}
	}
	rv := cty.ListValEmpty(cty.String)
	if len(result) > 0 {
		rv = cty.ListVal(result)
	}
	return kit.SetAll(planned, map[string]cty.Value{"result": rv, "id": cty.StringVal("-")}), nil
}

// shuffleRand is the permutation source: math/rand seeded with the seed's
// CRC-64 (ISO) as Terraform's random_shuffle seeds it, or from crypto/rand
// without a seed.
func shuffleRand(seed string) (*mathrand.Rand, error) {
	if seed != "" {
		return mathrand.New(mathrand.NewSource(int64(crc64.Checksum([]byte(seed), crc64.MakeTable(crc64.ISO))))), nil
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	return mathrand.New(mathrand.NewSource(int64(binary.LittleEndian.Uint64(b[:])))), nil
}
