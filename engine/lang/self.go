package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/schema"
)

// EvalBlockSelf is EvalBlock for the bodies where self refers to the
// resource instance being provisioned (provisioner and connection blocks):
// self is bound to the value given, every other reference resolves as in
// EvalBlock.
func (s *Scope) EvalBlockSelf(body hcl.Body, b *schema.Block, self cty.Value) (cty.Value, hcl.Diagnostics) {
	spec := DecoderSpec(b)
	refs, diags := referencesFromTraversals(withoutSelf(dynblock.VariablesHCLDec(body, spec)))
	evalCtx, ctxDiags := s.EvalContext(refs)
	if evalCtx.Variables == nil {
		evalCtx.Variables = map[string]cty.Value{}
	}
	evalCtx.Variables["self"] = self
	return decodeBlock(body, b, spec, evalCtx, append(diags, ctxDiags...))
}

// ReferencesInSelfBlock is ReferencesInBlock for a provisioner or
// connection body: references to self are left out, since they name the
// resource instance itself, not something it depends on.
func ReferencesInSelfBlock(body hcl.Body, b *schema.Block) ([]*addrs.Reference, hcl.Diagnostics) {
	if body == nil {
		return nil, nil
	}
	if b == nil {
		return referencesFromTraversals(withoutSelf(walkVariables(dynblock.WalkVariables(body), body)))
	}
	return referencesFromTraversals(withoutSelf(dynblock.VariablesHCLDec(body, DecoderSpec(b))))
}

func withoutSelf(ts []hcl.Traversal) []hcl.Traversal {
	out := ts[:0:0]
	for _, t := range ts {
		if t.RootName() != "self" {
			out = append(out, t)
		}
	}
	return out
}
