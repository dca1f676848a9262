package random

import (
	"context"
	"fmt"
	"maps"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"golang.org/x/crypto/bcrypt"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// classDefaults are the defaults of the settings that choose a random
// string's characters.
var classDefaults = map[string]cty.Value{
	"special": cty.True, "upper": cty.True, "lower": cty.True, "numeric": cty.True,
	"min_numeric": cty.Zero, "min_upper": cty.Zero, "min_lower": cty.Zero, "min_special": cty.Zero,
}

// stringDefaults are classDefaults and that of the deprecated number.
var stringDefaults = func() map[string]cty.Value {
	m := maps.Clone(classDefaults)
	m["number"] = cty.True
	return m
}()

// stringResource is random_string (password false) or random_password
// (password true: result and bcrypt_hash are sensitive, id is "none").
func stringResource(password bool) kit.Resource {
	attrs := generatedAttrs(true, password)
	attrs["keepers"] = keepers()
	attrs["number"] = &schema.Attribute{Type: cty.Bool, Optional: true, Computed: true, ForceNew: true,
		Description: "Deprecated: use numeric."}
	attrs["id"] = &schema.Attribute{Type: cty.String, Computed: true}
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

// generatedAttrs are the attributes of a generated string that the managed
// random_string and random_password and the ephemeral random_password
// share: its settings (forcing replacement when forceNew), its result and,
// for a password, bcrypt_hash; both sensitive for a password.
func generatedAttrs(forceNew, password bool) map[string]*schema.Attribute {
	attrs := map[string]*schema.Attribute{
		"length": {Type: cty.Number, Required: true, ForceNew: forceNew,
			Description: "The number of characters; at least the sum of the min_* attributes."},
		"override_special": {Type: cty.String, Optional: true, ForceNew: forceNew,
			Description: "The special characters to use instead of " + specialChars + "."},
		"result": {Type: cty.String, Computed: true, Sensitive: password, Description: "The generated string."},
	}
	for _, name := range []string{"special", "upper", "lower", "numeric"} {
		attrs[name] = &schema.Attribute{Type: cty.Bool, Optional: true, Computed: true, ForceNew: forceNew,
			Description: "Whether to use " + name + " characters (default true); special, upper, lower and numeric cannot all be false."}
	}
	for _, name := range []string{"min_numeric", "min_upper", "min_lower", "min_special"} {
		attrs[name] = &schema.Attribute{Type: cty.Number, Optional: true, Computed: true, ForceNew: forceNew,
			Description: "The least number of characters of this class (default 0)."}
	}
	if password {
		attrs["bcrypt_hash"] = &schema.Attribute{Type: cty.String, Computed: true, Sensitive: true,
			Description: "A bcrypt hash of the result (of its first 72 bytes, all bcrypt reads)."}
	}
	return attrs
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
	return append(diags, validateClasses(config)...)
}

// validateClasses refuses, as Terraform does, a configuration that sets
// special, upper, lower and numeric (or the deprecated number, where the
// type has it) all to false.
func validateClasses(config cty.Value) schema.Diagnostics {
	for _, name := range []string{"special", "upper", "lower"} {
		if v := config.GetAttr(name); !v.IsKnown() || v.IsNull() || v.True() {
			return nil
		}
	}
	var diags schema.Diagnostics
	for _, name := range []string{"numeric", "number"} {
		if !config.Type().HasAttribute(name) {
			continue
		}
		if v := config.GetAttr(name); v.IsKnown() && !v.IsNull() && v.False() {
			diags = append(diags, schema.Errorf(cty.GetAttrPath(name), "Invalid attribute combination",
				"special, upper, lower and "+name+" are all false, which leaves no characters to choose from: set at least one of them to true.")...)
		}
	}
	return diags
}

func createString(planned cty.Value, password bool) (cty.Value, schema.Diagnostics) {
	p := stringParamsOf(planned)
	p.Numeric = p.Numeric && kit.Bool(planned, "number")
	result, diags := generate(p)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	attrs, diags := resultValues(result, password)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return kit.SetAll(planned, attrs), nil
}

// stringParamsOf reads generateString's inputs from an object with the
// attributes of generatedAttrs and its defaults filled in.
func stringParamsOf(v cty.Value) stringParams {
	return stringParams{
		Length:          int(kit.Int(v, "length")),
		Upper:           kit.Bool(v, "upper"),
		Lower:           kit.Bool(v, "lower"),
		Numeric:         kit.Bool(v, "numeric"),
		Special:         kit.Bool(v, "special"),
		MinUpper:        int(kit.Int(v, "min_upper")),
		MinLower:        int(kit.Int(v, "min_lower")),
		MinNumeric:      int(kit.Int(v, "min_numeric")),
		MinSpecial:      int(kit.Int(v, "min_special")),
		OverrideSpecial: kit.String(v, "override_special"),
	}
}

// generate is generateString with its error as a diagnostic.
func generate(p stringParams) (string, schema.Diagnostics) {
	result, err := generateString(p)
	if err != nil {
		return "", schema.Errorf(cty.GetAttrPath("length"), "Cannot generate random string", err.Error())
	}
	return result, nil
}

// resultValues returns result, id and (for a password) bcrypt_hash.
func resultValues(result string, password bool) (map[string]cty.Value, schema.Diagnostics) {
	if !password {
		return map[string]cty.Value{"result": cty.StringVal(result), "id": cty.StringVal(result)}, nil
	}
	hash, diags := bcryptHash(result)
	if diags.HasErrors() {
		return nil, diags
	}
	return map[string]cty.Value{"result": cty.StringVal(result), "id": cty.StringVal("none"), "bcrypt_hash": hash}, nil
}

// bcryptHash is a bcrypt hash of the password's first 72 bytes, all
// bcrypt reads, as Terraform computes bcrypt_hash.
func bcryptHash(password string) (cty.Value, schema.Diagnostics) {
	secret := []byte(password)
	if len(secret) > 72 {
		secret = secret[:72]
	}
	hash, err := bcrypt.GenerateFromPassword(secret, bcrypt.DefaultCost)
	if err != nil {
		return cty.NilVal, schema.FromErr(err, "Cannot hash password")
	}
	return cty.StringVal(string(hash)), nil
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
