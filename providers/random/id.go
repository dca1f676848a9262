package random

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// idResource is random_id: byte_length random bytes in several encodings.
func idResource() kit.Resource {
	return kit.Resource{
		Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
			"keepers": keepers(),
			"byte_length": {Type: cty.Number, Required: true, ForceNew: true,
				Description: "The number of random bytes to produce."},
			"prefix": {Type: cty.String, Optional: true, ForceNew: true,
				Description: "Prepended to b64_url, b64_std, hex and dec (not to id)."},
			"id":      {Type: cty.String, Computed: true, Description: "The bytes, unpadded base64url, without prefix."},
			"b64_url": {Type: cty.String, Computed: true},
			"b64_std": {Type: cty.String, Computed: true},
			"hex":     {Type: cty.String, Computed: true},
			"dec":     {Type: cty.String, Computed: true},
		}}},
		Validate: func(config cty.Value) schema.Diagnostics { return wholeAtLeast(config, "byte_length", 1) },
		Create:   createID,
		Import:   importID,
	}
}

func createID(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	b := make([]byte, kit.Int(planned, "byte_length"))
	if _, err := rand.Read(b); err != nil {
		return cty.NilVal, schema.FromErr(err, "Cannot generate random bytes")
	}
	return kit.SetAll(planned, idValues(kit.String(planned, "prefix"), b)), nil
}

func idValues(prefix string, b []byte) map[string]cty.Value {
	id := base64.RawURLEncoding.EncodeToString(b)
	return map[string]cty.Value{
		"id":      cty.StringVal(id),
		"b64_url": cty.StringVal(prefix + id),
		"b64_std": cty.StringVal(prefix + base64.StdEncoding.EncodeToString(b)),
		"hex":     cty.StringVal(prefix + hex.EncodeToString(b)),
		"dec":     cty.StringVal(prefix + new(big.Int).SetBytes(b).String()),
	}
}

// importID takes the b64_url id, optionally after "PREFIX,", as Terraform.
func importID(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	prefix, encoded := "", id
	if i := strings.LastIndexByte(id, ','); i >= 0 {
		prefix, encoded = id[:i], id[i+1:]
	}
	b, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil || len(b) == 0 {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID",
			fmt.Sprintf("%q is not an unpadded base64url id, optionally after \"PREFIX,\".", id))
	}
	attrs := idValues(prefix, b)
	attrs["keepers"] = cty.NullVal(cty.Map(cty.String))
	attrs["byte_length"] = cty.NumberIntVal(int64(len(b)))
	attrs["prefix"] = cty.NullVal(cty.String)
	if prefix != "" {
		attrs["prefix"] = cty.StringVal(prefix)
	}
	return cty.ObjectVal(attrs), nil
}
