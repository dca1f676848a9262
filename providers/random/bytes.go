package random

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// bytesResource is random_bytes: length random bytes, kept sensitive, in
// base64 and hex. Like Terraform's, it has no id attribute.
func bytesResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"keepers": keepers(),
			"length": {Type: cty.Number, Required: true, ForceNew: true,
				Description: "The number of bytes, at least 1."},
			"base64": {Type: cty.String, Computed: true, Sensitive: true, Description: "The bytes in standard base64."},
			"hex":    {Type: cty.String, Computed: true, Sensitive: true, Description: "The bytes in lower-case hex."},
		}}},
		Validate: func(config cty.Value) schema.Diagnostics { return wholeAtLeast(config, "length", 1) },
		Create:   createBytes,
		Import:   importBytes,
	}
}

func createBytes(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	b := make([]byte, kit.Int(planned, "length"))
	if _, err := rand.Read(b); err != nil {
		return cty.NilVal, schema.FromErr(err, "Cannot generate random bytes")
	}
	return kit.SetAll(planned, bytesValues(b)), nil
}

func bytesValues(b []byte) map[string]cty.Value {
	return map[string]cty.Value{
		"base64": cty.StringVal(base64.StdEncoding.EncodeToString(b)),
		"hex":    cty.StringVal(hex.EncodeToString(b)),
	}
}

// importBytes takes the bytes in standard base64.
func importBytes(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	b, err := base64.StdEncoding.DecodeString(id)
	if err != nil || len(b) == 0 {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID",
			fmt.Sprintf("The import ID of random_bytes is the bytes in standard base64; this one is not (%v).", err))
	}
	attrs := bytesValues(b)
	attrs["length"] = cty.NumberIntVal(int64(len(b)))
	attrs["keepers"] = cty.NullVal(cty.Map(cty.String))
	return cty.ObjectVal(attrs), nil
}
