package hclblock

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
)

// ErrorAt is an error diagnostic whose subject is rng.
func ErrorAt(rng hcl.Range, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}
}

// Decode decodes the body of b into a new T, a struct whose fields carry
// gohcl's hcl tags. The T is filled as far as the body allowed even when
// the diagnostics hold errors.
func Decode[T any](b *hcl.Block) (*T, hcl.Diagnostics) {
	var raw T
	diags := gohcl.DecodeBody(b.Body, nil, &raw)
	return &raw, diags
}

// Redeclared is the error for a labelled block of kind ("artifact")
// whose name is taken: it points at the label and says where the first
// declaration is.
func Redeclared(kind, name string, label, first hcl.Range) *hcl.Diagnostic {
	return ErrorAt(label, "Duplicate "+kind, fmt.Sprintf("The %s %q is already declared at %s.", kind, name, first))
}

// ExtraBlocks returns an error for every block of type typ ("server")
// after the first, of which a file may hold one; defRange gives a block's
// definition range.
func ExtraBlocks[B any](blocks []B, typ string, defRange func(B) hcl.Range) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for i, b := range blocks {
		if i > 0 {
			diags = append(diags, ErrorAt(defRange(b), "Duplicate "+typ+" block", "Only one "+typ+" block is allowed."))
		}
	}
	return diags
}
