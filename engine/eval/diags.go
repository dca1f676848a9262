package eval

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

func configureRequest(v cty.Value) schema.ConfigureRequest {
	return schema.ConfigureRequest{Config: v}
}

// ProviderDiag turns a provider's diagnostic into an HCL diagnostic located
// at rng, naming the object (a provider key or resource address) and the
// attribute at fault.
func ProviderDiag(d schema.Diagnostic, rng *hcl.Range, object string) *hcl.Diagnostic {
	sev := hcl.DiagError
	if d.Severity == schema.Warning {
		sev = hcl.DiagWarning
	}
	detail := d.Detail
	if len(d.Attribute) > 0 {
		detail = fmt.Sprintf("%s, attribute %s: %s", object, schema.FormatPath(d.Attribute), d.Detail)
	} else if object != "" {
		detail = fmt.Sprintf("%s: %s", object, d.Detail)
	}
	return &hcl.Diagnostic{Severity: sev, Summary: d.Summary, Detail: detail, Subject: rng}
}

// AttributeRange returns the source range of the attribute at path inside
// body, or the fallback when it cannot be found (nested or absent).
func AttributeRange(body hcl.Body, path cty.Path, fallback hcl.Range) hcl.Range {
	sb, ok := body.(*hclsyntax.Body)
	if !ok || len(path) == 0 {
		return fallback
	}
	step, ok := path[0].(cty.GetAttrStep)
	if !ok {
		return fallback
	}
	if attr, ok := sb.Attributes[step.Name]; ok {
		return attr.Expr.Range()
	}
	for _, b := range sb.Blocks {
		if b.Type == step.Name {
			return b.TypeRange
		}
	}
	return fallback
}
