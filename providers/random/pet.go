package random

import (
	"context"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// petResource is random_pet: a name such as "witty-otter", made of
// length-2 adverbs, an adjective and a name.
func petResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"keepers": keepers(),
			"length": {Type: cty.Number, Optional: true, Computed: true, ForceNew: true,
				Description: "The number of words (default 2)."},
			"prefix": {Type: cty.String, Optional: true, ForceNew: true,
				Description: "A word put before the generated ones."},
			"separator": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
				Description: "The string between words (default \"-\")."},
			"id": {Type: cty.String, Computed: true, Description: "The generated name."},
		}}},
		Defaults: map[string]cty.Value{"length": cty.NumberIntVal(2), "separator": cty.StringVal("-")},
		Validate: func(config cty.Value) schema.Diagnostics { return wholeAtLeast(config, "length", 1) },
		Create:   createPet,
	}
}

func createPet(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	words, err := petWords(int(kit.Int(planned, "length")))
	if err != nil {
		return cty.NilVal, schema.FromErr(err, "Cannot generate pet name")
	}
	if prefix := kit.String(planned, "prefix"); prefix != "" {
		words = append([]string{prefix}, words...)
	}
	return kit.Set(planned, "id", cty.StringVal(strings.Join(words, kit.String(planned, "separator")))), nil
}

// petWords returns n words: n-2 adverbs, an adjective (when n >= 2) and a
// name, as Terraform's random_pet (golang-petname) arranges them.
func petWords(n int) ([]string, error) {
	words := make([]string, 0, n)
	for i := 0; i < n; i++ {
		list := petAdverbs
		switch {
		case i == n-1:
			list = petNames
		case i == n-2:
			list = petAdjectives
		}
		j, err := intn(len(list))
		if err != nil {
			return nil, err
		}
		words = append(words, list[j])
	}
	return words, nil
}
