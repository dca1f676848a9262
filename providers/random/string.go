package random

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"golang.org/x/crypto/bcrypt"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var stringDefaults = map[string]cty.Value{
	"special": cty.True, "upper": cty.True, "lower": cty.True, "numeric": cty.True, "number": cty.True,
	"min_numeric": cty.Zero, "min_upper": cty.Zero, "min_lower": cty.Zero, "min_special": cty.Zero,
}

// stringResource is random_string (password false) or random_password
// (password true: result and bcrypt_hash are sensitive, id is "none").
func stringResource(password bool) kit.Resource {
	attrs := map[string]*schema.Attribute{
		"keepers": keepers(),
		"length": {Type: cty.Number, Required: true, ForceNew: true,
			Description: "The number of characters; at least the sum of the min_* attributes."},
		"override_special": {Type: cty.String, Optional: true, ForceNew: true,
			Description: "The special characters to use instead of " + specialChars + "."},
		"number": {Type: cty.Bool, Optional: true, Computed: true, ForceNew: true,
			Description: "Deprecated: use numeric."},
		"result": {Type: cty.String, Computed: true, Sensitive: password, Description: "The generated string."},
		"id":     {Type: cty.String, Computed: true},
	}
	for _, name := range []string{"special", "upper", "lower", "numeric"} {
		attrs[name] = &schema.Attribute{Type: cty.Bool, Optional: true, Computed: true, ForceNew: true,
			Description: "Whether to use " + name + " characters (default true)."}
	}
	for _, name := range []string{"min_numeric", "min_upper", "min_lower", "min_special"} {
		attrs[name] = &schema.Attribute{Type: cty.Number, Optional: true, Computed: true, ForceNew: true,
			Description: "The least number of characters of this class (default 0)."}
	}
	if password {
		attrs["bcrypt_hash"] = &schema.Attribute{Type: cty.String, Computed: true, Sensitive: true,
			Description: "A bcrypt hash of the result (of its first 72 bytes, all bcrypt reads)."}
	}
	r := kit.Resource{
		Schema:   &schema.Resource{Block: &schema.Block{Attributes: attrs}},
		Defaults: stringDefaults,
		Validate: validateString,
		Create: func(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			return createString(planned, password)
		},
		Import: func(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
			return importString(id, password)
		},
	}
	base := r
	r.Plan = func(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
		return kit.Plan(&base, aliasNumber(req))
	}
	return r
}

// aliasNumber makes the deprecated number and its replacement numeric
// follow each other when configuration sets only one of them, as in
// Terraform, by treating the other as configured to the same value.
func aliasNumber(req schema.PlanResourceRequest) schema.PlanResourceRequest {
	if req.Config.IsNull() || !req.Config.IsKnown() {
		return req
	}
	number, numeric := req.Config.GetAttr("number"), req.Config.GetAttr("numeric")
	var name string
	var v cty.Value
	switch {
	case numeric.IsNull() && !number.IsNull():
		name, v = "numeric", number
	case number.IsNull() && !numeric.IsNull():
		name, v = "number", numeric
	default:
		return req
	}
	req.Config = kit.Set(req.Config, name, v)
	req.ProposedNewState = kit.Set(req.ProposedNewState, name, v)
	return req
}

func validateString(config cty.Value) schema.Diagnostics {
	diags := wholeAtLeast(config, "length", 1)
	minimum := int64(0)
	for _, name := range []string{"min_numeric", "min_upper", "min_lower", "min_special"} {
		diags = append(diags, wholeAtLeast(config, name, 0)...)
		minimum += kit.Int(config, name)
	}
	if diags.HasErrors() || !kit.Known(config, "length") {
		return diags
	}
	if length := kit.Int(config, "length"); length < minimum {
		diags = append(diags, schema.Errorf(cty.GetAttrPath("length"), "Invalid length",
			fmt.Sprintf("length (%d) must be at least the sum of the min_* attributes (%d).", length, minimum))...)
	}
	return diags
}

func createString(planned cty.Value, password bool) (cty.Value, schema.Diagnostics) {
	result, err := generateString(stringParams{
		Length:          int(kit.Int(planned, "length")),
		Upper:           kit.Bool(planned, "upper"),
		Lower:           kit.Bool(planned, "lower"),
		Numeric:         kit.Bool(planned, "numeric") && kit.Bool(planned, "number"),
		Special:         kit.Bool(planned, "special"),
		MinUpper:        int(kit.Int(planned, "min_upper")),
		MinLower:        int(kit.Int(planned, "min_lower")),
		MinNumeric:      int(kit.Int(planned, "min_numeric")),
		MinSpecial:      int(kit.Int(planned, "min_special")),
		OverrideSpecial: kit.String(planned, "override_special"),
	})
	if err != nil {
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("length"), "Cannot generate random string", err.Error())
	}
	attrs, diags := resultValues(result, password)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return kit.SetAll(planned, attrs), nil
}

// resultValues returns result, id and (for a password) bcrypt_hash.
func resultValues(result string, password bool) (map[string]cty.Value, schema.Diagnostics) {
	if !password {
		return map[string]cty.Value{"result": cty.StringVal(result), "id": cty.StringVal(result)}, nil
	}
	secret := []byte(result)
	if len(secret) > 72 {
		secret = secret[:72]
	}
	hash, err := bcrypt.GenerateFromPassword(secret, bcrypt.DefaultCost)
	if err != nil {
		return nil, schema.FromErr(err, "Cannot hash password")
	}
	return map[string]cty.Value{
		"result": cty.StringVal(result), "id": cty.StringVal("none"), "bcrypt_hash": cty.StringVal(string(hash)),
	}, nil
}

// importString adopts an existing value as the result, with the default
// settings and a length to match, as Terraform does.
func importString(id string, password bool) (cty.Value, schema.Diagnostics) {
	if id == "" {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID", "The import ID is the string itself and cannot be empty.")
	}
	attrs, diags := resultValues(id, password)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	for name, v := range stringDefaults {
		attrs[name] = v
	}
	attrs["length"] = cty.NumberIntVal(int64(utf8.RuneCountInString(id)))
	attrs["keepers"] = cty.NullVal(cty.Map(cty.String))
	attrs["override_special"] = cty.NullVal(cty.String)
	return cty.ObjectVal(attrs), nil
}
