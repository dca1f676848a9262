package lang

import (
	"bytes"
	"math"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// An hclsyntax expression tree costs dozens of pointers for an attribute
// as plain as triggers = { n = "1", prev = null_resource.r0.id }: every
// node has one or more hcl.Range (a Filename string and two Pos), every
// traversal step is an interface box, every literal a cty.Value of its
// own. A prepared body keeps its attributes' expressions for as long as
// its instances are evaluated, a plan and an apply long; for a large stack
// they were 43% of the live heap and what the collector spent its time
// marking (docs/performance-log.md).
//
// compactCode is the same expressions in a few flat arrays: nodes with
// int32 operands (string offsets, value indices, child indices), one
// string holding every name and literal string, and the other literal
// values (numbers, bools, null, index keys). It holds the forms most
// attributes are written with: literals, templates of literal parts and
// interpolations, scope and relative traversals with literal steps,
// object constructors with constant keys, tuple constructors,
// conditionals, hclsyntax's binary and unary operators, and the
// parentheses and "${...}" wrappers (which do not change the value).
// Anything else (a function call, a for or splat expression, an index
// with an expression key) stays the hclsyntax expression.
//
// A compact expression's value equals hclsyntax's on the success path
// (unknowns and their refinements, marks, nulls, types); on any
// diagnostic it gives none of its own: the caller (plainDecoder.decode)
// then decodes the body with hcldec.Decode, whose diagnostics are hcl's.
// It keeps nothing of the parsed tree: the tree may be released.

// compactKind is what a compactNode is.
type compactKind uint8

const (
	// cString is a literal string: strs[a:b].
	cString compactKind = iota
	// cValue is another literal value: vals[a].
	cValue
	// cTemplate is a template of the parts nodes[c:c+n].
	cTemplate
	// cScope is a scope traversal: the variable strs[a:b], then the
	// steps nodes[c:c+n].
	cScope
	// cRelative is a relative traversal of nodes[a] by the steps
	// nodes[c:c+n].
	cRelative
	// cAttr is a traversal step: the attribute strs[a:b].
	cAttr
	// cIndex is a traversal step: the index vals[a].
	cIndex
	// cObject is an object constructor: the keys are the cString nodes
	// nodes[c:c+n], their values nodes[c+n:c+2n].
	cObject
	// cTuple is a tuple constructor of the elements nodes[c:c+n].
	cTuple
	// cCond is a conditional: the condition nodes[a], the results
	// nodes[b] (true) and nodes[c] (false).
	cCond
	// cBinary is the binary operation compactOps[n] of nodes[b] and
	// nodes[c].
	cBinary
	// cUnary is the unary operation compactOps[n] of nodes[b].
	cUnary
)

// compactOps are the operations of the cBinary and cUnary nodes:
// hclsyntax's own, so that a compact operation calls the function
// hclsyntax calls.
var compactOps = []*hclsyntax.Operation{
	hclsyntax.OpLogicalOr, hclsyntax.OpLogicalAnd, hclsyntax.OpLogicalNot,
	hclsyntax.OpEqual, hclsyntax.OpNotEqual,
	hclsyntax.OpGreaterThan, hclsyntax.OpGreaterThanOrEqual, hclsyntax.OpLessThan, hclsyntax.OpLessThanOrEqual,
	hclsyntax.OpAdd, hclsyntax.OpSubtract, hclsyntax.OpMultiply, hclsyntax.OpDivide, hclsyntax.OpModulo,
	hclsyntax.OpNegate,
}

// opIndex is op's index in compactOps; ok is false for another.
func opIndex(op *hclsyntax.Operation) (int32, bool) {
	for i, o := range compactOps {
		if o == op {
			return int32(i), true
		}
	}
	return 0, false
}

// compactNode is one node of a compact expression; what its operands mean
// depends on its kind.
type compactNode struct {
	kind       compactKind
	a, b, c, n int32
}

// compactCode holds the compact expressions of one body.
type compactCode struct {
	nodes []compactNode
	strs  string
	vals  []cty.Value
}

// compactBuilder converts hclsyntax expressions into one compactCode.
type compactBuilder struct {
	code compactCode
	strs []byte
}

// add converts expr and returns the index of its root node; ok is false
// when it has a part with no compact form.
func (cb *compactBuilder) add(expr hcl.Expression) (root int32, ok bool) {
	se, isSyntax := expr.(hclsyntax.Expression)
	if !isSyntax {
		return 0, false
	}
	nodes, strs, vals := len(cb.code.nodes), len(cb.strs), len(cb.code.vals)
	root = cb.reserve(1)
	if !cb.convert(se, root) {
		// Drop what the failed conversion added.
		cb.code.nodes, cb.strs, cb.code.vals = cb.code.nodes[:nodes], cb.strs[:strs], cb.code.vals[:vals]
		return 0, false
	}
	return root, true
}

// finish returns the built code, its arrays trimmed to their lengths.
func (cb *compactBuilder) finish() compactCode {
	c := cb.code
	c.nodes = append([]compactNode(nil), c.nodes...)
	if len(c.vals) > 0 {
		c.vals = append([]cty.Value(nil), c.vals...)
	} else {
		c.vals = nil
	}
	c.strs = string(cb.strs)
	return c
}

// reserve adds n nodes and returns the index of the first.
func (cb *compactBuilder) reserve(n int) int32 {
	i := len(cb.code.nodes)
	if i+n > math.MaxInt32 {
		panic("compact expression too large")
	}
	cb.code.nodes = append(cb.code.nodes, make([]compactNode, n)...)
	return int32(i)
}

// str adds s to the string pool (or finds it there) and returns its
// offsets.
func (cb *compactBuilder) str(s string) (a, b int32, ok bool) {
	if i := bytes.Index(cb.strs, []byte(s)); i >= 0 {
		return int32(i), int32(i + len(s)), true
	}
	pool := len(cb.strs)
	if pool+len(s) > math.MaxInt32 {
		return 0, 0, false
	}
	cb.strs = append(cb.strs, s...)
	return int32(pool), int32(pool + len(s)), true
}

// literal makes node i the literal v.
func (cb *compactBuilder) literal(v cty.Value, i int32) bool {
	if v.Type() == cty.String && v.IsKnown() && !v.IsNull() && !v.IsMarked() {
		a, b, ok := cb.str(v.AsString())
		cb.code.nodes[i] = compactNode{kind: cString, a: a, b: b}
		return ok
	}
	cb.code.nodes[i] = compactNode{kind: cValue, a: int32(len(cb.code.vals))}
	cb.code.vals = append(cb.code.vals, v)
	return true
}

// convert makes node i the compact form of e.
func (cb *compactBuilder) convert(e hclsyntax.Expression, i int32) bool {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return cb.literal(e.Val, i)
	case *hclsyntax.TemplateWrapExpr:
		return cb.convert(e.Wrapped, i) // its value is the wrapped one's
	case *hclsyntax.ParenthesesExpr:
		return cb.convert(e.Expression, i) // likewise
	case *hclsyntax.TemplateExpr:
		if v, ok := constantValue(e); ok {
			// All of its parts are literals: its value is a known
			// string, computed once.
			return cb.literal(v, i)
		}
		return cb.list(cTemplate, e.Parts, i)
	case *hclsyntax.ScopeTraversalExpr:
		root, ok := e.Traversal[0].(hcl.TraverseRoot)
		if !ok {
			return false
		}
		a, b, ok := cb.str(root.Name)
		if !ok {
			return false
		}
		first, n, ok := cb.steps(e.Traversal[1:])
		cb.code.nodes[i] = compactNode{kind: cScope, a: a, b: b, c: first, n: n}
		return ok
	case *hclsyntax.RelativeTraversalExpr:
		src := cb.reserve(1)
		if !cb.convert(e.Source, src) {
			return false
		}
		first, n, ok := cb.steps(e.Traversal)
		cb.code.nodes[i] = compactNode{kind: cRelative, a: src, c: first, n: n}
		return ok
	case *hclsyntax.ObjectConsExpr:
		n := int32(len(e.Items))
		first := cb.reserve(2 * len(e.Items))
		seen := make(map[string]bool, len(e.Items))
		for k, item := range e.Items {
			key, ok := objectKey(item.KeyExpr)
			if !ok || seen[key] {
				return false
			}
			seen[key] = true
			a, b, ok := cb.str(key)
			if !ok {
				return false
			}
			cb.code.nodes[first+int32(k)] = compactNode{kind: cString, a: a, b: b}
			if !cb.convert(item.ValueExpr, first+n+int32(k)) {
				return false
			}
		}
		cb.code.nodes[i] = compactNode{kind: cObject, c: first, n: n}
		return true
	case *hclsyntax.TupleConsExpr:
		return cb.list(cTuple, e.Exprs, i)
	case *hclsyntax.ConditionalExpr:
		first := cb.reserve(3)
		if !cb.convert(e.Condition, first) || !cb.convert(e.TrueResult, first+1) || !cb.convert(e.FalseResult, first+2) {
			return false
		}
		cb.code.nodes[i] = compactNode{kind: cCond, a: first, b: first + 1, c: first + 2}
		return true
	case *hclsyntax.BinaryOpExpr:
		op, ok := opIndex(e.Op)
		if !ok || len(e.Op.Impl.Params()) != 2 {
			return false
		}
		first := cb.reserve(2)
		if !cb.convert(e.LHS, first) || !cb.convert(e.RHS, first+1) {
			return false
		}
		cb.code.nodes[i] = compactNode{kind: cBinary, b: first, c: first + 1, n: op}
		return true
	case *hclsyntax.UnaryOpExpr:
		op, ok := opIndex(e.Op)
		if !ok || len(e.Op.Impl.Params()) != 1 {
			return false
		}
		first := cb.reserve(1)
		if !cb.convert(e.Val, first) {
			return false
		}
		cb.code.nodes[i] = compactNode{kind: cUnary, b: first, n: op}
		return true
	}
	return false
}

// list converts exprs into consecutive nodes and sets node i, of kind,
// to them (a template's parts, a tuple's elements).
func (cb *compactBuilder) list(kind compactKind, exprs []hclsyntax.Expression, i int32) bool {
	first := cb.reserve(len(exprs))
	for k, e := range exprs {
		if !cb.convert(e, first+int32(k)) {
			return false
		}
	}
	cb.code.nodes[i] = compactNode{kind: kind, c: first, n: int32(len(exprs))}
	return true
}

// steps adds the traversal steps of t, each an attribute or an index by
// a literal key.
func (cb *compactBuilder) steps(t hcl.Traversal) (first, n int32, ok bool) {
	first = cb.reserve(len(t))
	for k, step := range t {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			a, b, ok := cb.str(s.Name)
			if !ok {
				return 0, 0, false
			}
			cb.code.nodes[first+int32(k)] = compactNode{kind: cAttr, a: a, b: b}
		case hcl.TraverseIndex:
			cb.code.nodes[first+int32(k)] = compactNode{kind: cIndex, a: int32(len(cb.code.vals))}
			cb.code.vals = append(cb.code.vals, s.Key)
		default:
			return 0, 0, false
		}
	}
	return first, int32(len(t)), true
}

// objectKey is the string an object constructor's key evaluates to,
// when that does not depend on the evaluation context: a bare name (as
// hclsyntax.ObjectConsKeyExpr takes it) or a constant (a literal, a
// quoted string) that converts to a string.
func objectKey(e hclsyntax.Expression) (string, bool) {
	k, ok := e.(*hclsyntax.ObjectConsKeyExpr)
	if !ok {
		return "", false
	}
	if !k.ForceNonLiteral {
		if t, isTraversal := k.Wrapped.(*hclsyntax.ScopeTraversalExpr); isTraversal && len(t.Traversal) > 1 {
			return "", false // "Ambiguous attribute key"
		}
		if name := hcl.ExprAsKeyword(k.Wrapped); name != "" {
			return name, true
		}
	}
	v, ok := constantValue(k.Wrapped)
	if !ok || v.IsNull() || !v.IsKnown() || v.IsMarked() {
		return "", false
	}
	if v.Type() != cty.String {
		return "", false // a number or a bool: rare, left to hcl
	}
	return v.AsString(), true
}

// constantValue is the value of e when it is made of literals only (a
// literal, a template of literal parts, either in parentheses or a
// "${...}"), evaluated once without a context; ok is false otherwise or
// when that gives a diagnostic.
func constantValue(e hclsyntax.Expression) (cty.Value, bool) {
	if !isConstant(e) {
		return cty.NilVal, false
	}
	v, diags := e.Value(nil)
	if len(diags) > 0 {
		return cty.NilVal, false
	}
	return v, true
}

func isConstant(e hclsyntax.Expression) bool {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.TemplateWrapExpr:
		return isConstant(e.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		return isConstant(e.Expression)
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			if _, lit := p.(*hclsyntax.LiteralValueExpr); !lit {
				return false
			}
		}
		return true
	}
	return false
}
