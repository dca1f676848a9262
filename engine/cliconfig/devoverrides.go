package cliconfig

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// devOverridesBody is the object of one dev_overrides block, cut out of
// the file before HCL parses it.
type devOverridesBody struct {
	expr      hcl.Expression
	declRange hcl.Range
}

// cutDevOverrides finds the dev_overrides blocks of a CLI configuration
// file, whose keys are quoted provider addresses ("hashicorp/null" =
// "/path"): Terraform reads these files with HCL 1, which allows that, and
// HCL 2 does not. Each block's braces are parsed as an object expression
// with its real positions, and blanked out of the returned source (keeping
// line and column numbers) so that the rest parses as HCL 2.
func cutDevOverrides(src []byte, filename string) ([]byte, []devOverridesBody, hcl.Diagnostics) {
	toks, diags := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return src, nil, nil // the parser will report it
	}
	out := append([]byte(nil), src...)
	var bodies []devOverridesBody
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Type != hclsyntax.TokenIdent || string(toks[i].Bytes) != "dev_overrides" || toks[i+1].Type != hclsyntax.TokenOBrace {
			continue
		}
		end := matchingBrace(toks, i+1)
		if end < 0 {
			break
		}
		open, close := toks[i+1].Range, toks[end].Range
		expr, exprDiags := hclsyntax.ParseExpression(src[open.Start.Byte:close.End.Byte], filename, open.Start)
		diags = append(diags, exprDiags...)
		if !exprDiags.HasErrors() {
			bodies = append(bodies, devOverridesBody{expr: expr, declRange: toks[i].Range})
		}
		blank(out, toks[i].Range.Start.Byte, close.End.Byte)
		i = end
	}
	return out, bodies, diags
}

// matchingBrace returns the index of the brace closing toks[open].
func matchingBrace(toks hclsyntax.Tokens, open int) int {
	depth := 0
	for j := open; j < len(toks); j++ {
		switch toks[j].Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCBrace, hclsyntax.TokenTemplateSeqEnd:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// blank replaces src[from:to] by spaces, keeping newlines.
func blank(src []byte, from, to int) {
	for k := from; k < to; k++ {
		if src[k] != '\n' && src[k] != '\r' {
			src[k] = ' '
		}
	}
}
