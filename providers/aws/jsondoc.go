package aws

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"

	awspolicy "github.com/hashicorp/awspolicyequivalence"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// policyEqual reports whether two IAM policy documents grant the same
// (order of statements and values, single values versus lists, and
// formatting do not matter).
func policyEqual(a, b string) bool {
	if a == b {
		return true
	}
	ok, err := awspolicy.PoliciesAreEquivalent(a, b)
	return err == nil && ok
}

// jsonEqual reports whether two JSON documents hold the same values;
// numbers written as strings ("5") equal the numbers (5), as several AWS
// APIs return them.
func jsonEqual(a, b string) bool {
	if a == b {
		return true
	}
	var va, vb any
	if json.Unmarshal([]byte(a), &va) != nil || json.Unmarshal([]byte(b), &vb) != nil {
		return false
	}
	return reflect.DeepEqual(numbersAsFloats(va), numbersAsFloats(vb))
}

func numbersAsFloats(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = numbersAsFloats(e)
		}
	case []any:
		for i, e := range t {
			t[i] = numbersAsFloats(e)
		}
	case string:
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			return f
		}
	}
	return v
}

// compactJSON is doc without insignificant whitespace, or doc itself when
// it is not JSON.
func compactJSON(doc string) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(doc)); err != nil {
		return doc
	}
	return buf.String()
}

// validJSON reports whether doc parses as JSON.
func validJSON(doc string) bool { return json.Valid([]byte(doc)) }

// validateJSONAttrs returns a validator that each named top-level
// attribute, when known and set, holds a JSON document.
func validateJSONAttrs(names ...string) func(cty.Value) schema.Diagnostics {
	return func(config cty.Value) schema.Diagnostics {
		var diags schema.Diagnostics
		for _, name := range names {
			v := kit.Obj(config).Attr(name)
			if kit.Usable(v) && !validJSON(v.AsString()) {
				diags = append(diags, schema.Errorf(attrPath(name), "Invalid JSON document",
					name+" must hold a JSON document (use jsonencode or aws_iam_policy_document).")...)
			}
		}
		return diags
	}
}
