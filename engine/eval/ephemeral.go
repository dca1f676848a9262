package eval

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/schema"
)

// EphemeralArguments reports the arguments of a resource or data source
// instance whose values derive from ephemeral ones (marks, as
// EvalPreparedUnmarked or UnmarkDeepWithPaths return them), as Terraform
// does: an object is persisted to state, an ephemeral value never is. One
// error per top-level argument or block, at its expression, about the
// instance addr (Terraform's "with ADDR," line). A write-only
// attribute of block (Terraform 1.11), or a part of one, may take an
// ephemeral value: it is never planned nor stored.
//
// It also returns marks without the ephemeral marks it allowed, to mark
// the planned or new object with: the provider returns write-only
// attributes null, and a null in state is not ephemeral.
func EphemeralArguments(res *config.Resource, addr string, block *schema.Block, marks []cty.PathValueMarks) (hcl.Diagnostics, []cty.PathValueMarks) {
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	kept, copied := marks, false
	for i, pm := range marks {
		if _, ok := pm.Marks[lang.Ephemeral]; !ok || len(pm.Path) == 0 {
			continue
		}
		if writeOnlyAt(block, pm.Path) {
			if !copied {
				kept, copied = slices.Clone(marks), true
			}
			kept[i] = cty.PathValueMarks{Path: pm.Path, Marks: withoutMark(pm.Marks, lang.Ephemeral)}
			continue
		}
		step, ok := pm.Path[0].(cty.GetAttrStep)
		if !ok || seen[step.Name] {
			continue
		}
		seen[step.Name] = true
		d := &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid use of ephemeral value",
			Detail:   fmt.Sprintf("Ephemeral values are not valid for %q, because it is not a write-only attribute and must be persisted to state.", step.Name),
			Subject:  argumentRange(res, step.Name).Ptr(),
		}
		addrs.SetDiagnosticObject(d, addr)
		diags = append(diags, d)
	}
	return diags, kept
}

// writeOnlyAt reports whether path is, or is inside, a write-only
// attribute of block; Terraform walks up the path the same way, since an
// ephemeral mark may sit on a part of the attribute's value.
func writeOnlyAt(block *schema.Block, path cty.Path) bool {
	if block == nil || !block.HasWriteOnly() {
		return false
	}
	for n := len(path); n > 0; n-- {
		if a := block.AttributeByPath(path[:n]); a != nil {
			return a.WriteOnly
		}
	}
	return false
}

// withoutMark returns marks without mark, a new set.
func withoutMark(marks cty.ValueMarks, mark any) cty.ValueMarks {
	out := make(cty.ValueMarks, len(marks))
	for m := range marks {
		if m != mark {
			out[m] = struct{}{}
		}
	}
	return out
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

// WriteOnlyReturned reports, in Terraform's words, each write-only
// attribute of block that a provider returned with a value in v: such
// attributes cannot be read back, and a value would be stored. summary is
// the error's ("Provider produced invalid plan"), when where it happened
// ("during planning", "during refresh", "after apply"); the provider is
// named by its configuration key in root, as state records it.
func WriteOnlyReturned(summary, when string, root *config.Config, providerKey, addr string, block *schema.Block, v cty.Value, subject *hcl.Range) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, p := range block.NonNullWriteOnly(v) {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  summary,
			Detail: fmt.Sprintf("Provider %q returned a value for the write-only attribute \"%s.%s\" %s. Write-only attributes cannot be read back from the provider. This is a bug in the provider, which should be reported in the provider's own issue tracker.",
				StateProviderIn(root, providerKey), addr, schema.FormatPath(p), when),
			Subject: subject,
		})
	}
	return diags
}
