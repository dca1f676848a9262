package lang

import (
	"math"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// compactExpr is one compact expression as an hcl.Expression, for the
// differential tests (compact_test.go): the node root of code, written at
// start:end of src, the bytes of the file filename. Where the compact
// evaluation gives up (a diagnostic), it parses its source again and
// evaluates hcl's expression, so that every evaluation can be compared
// with hcl's. Production does not need it: plainDecoder.decode
// evaluates the code itself and falls back to hcldec.Decode of the body.
type compactExpr struct {
	code       *compactCode
	root       int32
	src        []byte
	filename   string
	start, end compactPos
}

var _ hcl.Expression = (*compactExpr)(nil)

// compactPos is an hcl.Pos in int32s.
type compactPos struct{ line, column, byte int32 }

func (p compactPos) pos() hcl.Pos {
	return hcl.Pos{Line: int(p.line), Column: int(p.column), Byte: int(p.byte)}
}

// newCompactExpr converts expr, parsed from src (the bytes of the file
// filename), alone; nil when it has no compact form or does not lie in
// src.
func newCompactExpr(expr hclsyntax.Expression, src []byte, filename string) *compactExpr {
	rng := expr.Range()
	if rng.Filename != filename || rng.Start.Byte < 0 || rng.Start.Byte > rng.End.Byte ||
		rng.End.Byte > len(src) || rng.End.Byte > math.MaxInt32 || rng.End.Line > math.MaxInt32 || rng.End.Column > math.MaxInt32 {
		return nil
	}
	var cb compactBuilder
	root, ok := cb.add(expr)
	if !ok {
		return nil
	}
	code := cb.finish()
	return &compactExpr{
		code: &code, root: root, src: src, filename: filename,
		start: compactPos{int32(rng.Start.Line), int32(rng.Start.Column), int32(rng.Start.Byte)},
		end:   compactPos{int32(rng.End.Line), int32(rng.End.Column), int32(rng.End.Byte)},
	}
}

// Value is the expression's value in ctx; on any diagnostic, hcl's
// expression parsed again gives the value and the diagnostics.
func (e *compactExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if v, ok := e.code.eval(e.root, contextScope{ctx}); ok {
		return v, nil
	}
	expr, diags := e.original()
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	return expr.Value(ctx)
}

// Variables is hcl's, from the expression parsed again.
func (e *compactExpr) Variables() []hcl.Traversal {
	expr, diags := e.original()
	if diags.HasErrors() {
		return nil
	}
	return expr.Variables()
}

// Range is the expression's source range.
func (e *compactExpr) Range() hcl.Range {
	return hcl.Range{Filename: e.filename, Start: e.start.pos(), End: e.end.pos()}
}

// StartRange is hcl's, from the expression parsed again.
func (e *compactExpr) StartRange() hcl.Range {
	expr, diags := e.original()
	if diags.HasErrors() {
		return e.Range()
	}
	return expr.StartRange()
}

// original parses the expression again from its source, with the line
// end that follows it: a heredoc's range ends before the newline that
// ends its closing marker, without which it does not parse.
func (e *compactExpr) original() (hclsyntax.Expression, hcl.Diagnostics) {
	src, end := e.src, int(e.end.byte)
	switch {
	case end < len(src) && src[end] == '\n':
		end++
	case end+1 < len(src) && src[end] == '\r' && src[end+1] == '\n':
		end += 2
	}
	return hclsyntax.ParseExpression(src[e.start.byte:end], e.filename, e.start.pos())
}
