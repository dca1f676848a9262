package eval

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
)

// EphemeralArguments reports the arguments of a resource or data source
// instance whose values derive from ephemeral ones (marks, as
// EvalPreparedUnmarked or UnmarkDeepWithPaths return them), as Terraform
// does: an object is persisted to state, an ephemeral value never is. One
// error per top-level argument or block, at its expression.
func EphemeralArguments(res *config.Resource, marks []cty.PathValueMarks) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	for _, pm := range marks {
		if _, ok := pm.Marks[lang.Ephemeral]; !ok || len(pm.Path) == 0 {
			continue
		}
		step, ok := pm.Path[0].(cty.GetAttrStep)
		if !ok || seen[step.Name] {
			continue
		}
		seen[step.Name] = true
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid use of ephemeral value",
			Detail:   fmt.Sprintf("Ephemeral values are not valid for %q, because it is not a write-only attribute and must be persisted to state.", step.Name),
			Subject:  argumentRange(res, step.Name).Ptr(),
		})
	}
	return diags
}

// argumentRange is where argument (or nested block) name of res is set,
// the block's declaration when it cannot be found.
func argumentRange(res *config.Resource, name string) hcl.Range {
	body := res.Body()
	if c, _, _ := body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}}); c != nil {
		if a, ok := c.Attributes[name]; ok {
			return a.Expr.Range()
		}
	}
	if c, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: name}}}); c != nil && len(c.Blocks) > 0 {
		return c.Blocks[0].DefRange
	}
	return res.DeclRange
}
