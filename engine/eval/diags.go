package eval

import (
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

func configureRequest(v cty.Value) schema.ConfigureRequest {
	return schema.ConfigureRequest{Config: v}
}

// ProviderDiag turns a provider's diagnostic into an HCL diagnostic located
// at rng (the attribute at fault, when the caller found it), about the
// object at address object (a resource instance, or a provider
// configuration as state names it): Terraform's "with ADDR," line
// (addrs.DiagnosticObject), the provider's detail as it wrote it.
func ProviderDiag(d schema.Diagnostic, rng *hcl.Range, object string) *hcl.Diagnostic {
	sev := hcl.DiagError
	if d.Severity == schema.Warning {
		sev = hcl.DiagWarning
	}
	diag := &hcl.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Subject: rng}
	addrs.SetDiagnosticObject(diag, object)
	return diag
}

// AttributeRange returns the source range of the attribute at path inside
// body, descending into nested blocks (a list index or map label picks
// the block), or the fallback when it cannot be found.
func AttributeRange(body hcl.Body, path cty.Path, fallback hcl.Range) hcl.Range {
	sb, ok := config.SyntaxBody(body)
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
	var blocks []*hclsyntax.Block
	for _, b := range sb.Blocks {
		if b.Type == step.Name {
			blocks = append(blocks, b)
		}
	}
	if len(blocks) == 0 {
		return fallback
	}
	b, rest := blocks[0], path[1:]
	if len(rest) > 0 {
		if idx, ok := rest[0].(cty.IndexStep); ok {
			b, ok = blockAt(blocks, idx.Key)
			if !ok {
				return blocks[0].TypeRange
			}
			rest = rest[1:]
		}
	}
	// A path into the block (a single block's attribute, or an indexed
	// block's) points inside it.
	return AttributeRange(b.Body, rest, b.TypeRange)
}

// blockAt is the block of blocks that key (a list index or a map label)
// names; false for a set's key or a key out of range.
func blockAt(blocks []*hclsyntax.Block, key cty.Value) (*hclsyntax.Block, bool) {
	if !key.IsKnown() || key.IsNull() {
		return nil, false
	}
	switch key.Type() {
	case cty.Number:
		i, acc := key.AsBigFloat().Int64()
		if acc != big.Exact || i < 0 || int(i) >= len(blocks) {
			return nil, false
		}
		return blocks[i], true
	case cty.String:
		for _, b := range blocks {
			if len(b.Labels) > 0 && b.Labels[0] == key.AsString() {
				return b, true
			}
		}
	}
	return nil, false
}
