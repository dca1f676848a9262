package lang

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// compactScope is where compact code finds its variables: an
// hcl.EvalContext (contextScope), or the values an instance's references
// name before they are made into one (contextBuilder).
type compactScope interface {
	// variable is the value of the variable root, as
	// hcl.Traversal.TraverseAbs finds it, or, when attr is not "" and the
	// scope holds root.attr on its own, root.attr's value with consumed
	// true. ok is false when there is no variable root.
	variable(root, attr string) (v cty.Value, consumed, ok bool)
}

// contextScope is an hcl.EvalContext's variables as a compactScope.
type contextScope struct{ ctx *hcl.EvalContext }

func (s contextScope) variable(root, _ string) (cty.Value, bool, bool) {
	// hcl.Traversal.TraverseAbs: the first context up the chain that
	// has variables and the name.
	for ec := s.ctx; ec != nil; ec = ec.Parent() {
		if ec.Variables == nil {
			continue
		}
		if v, ok := ec.Variables[root]; ok {
			return v, false, true
		}
	}
	return cty.DynamicVal, false, false
}

// eval is the value of node i in scope, as hclsyntax evaluates the
// expression it was converted from; ok is false where hclsyntax would
// report any diagnostic, which eval does not build (plainDecoder.decode
// then asks hcldec for them).
func (c *compactCode) eval(i int32, scope compactScope) (cty.Value, bool) {
	n := &c.nodes[i]
	switch n.kind {
	case cString:
		return cty.StringVal(c.strs[n.a:n.b]), true
	case cValue:
		return c.vals[n.a], true
	case cTemplate:
		return c.evalTemplate(n, scope)
	case cScope:
		name, attr := c.strs[n.a:n.b], ""
		if n.n > 0 && c.nodes[n.c].kind == cAttr {
			attr = c.strs[c.nodes[n.c].a:c.nodes[n.c].b]
		}
		v, consumed, ok := scope.variable(name, attr)
		if !ok {
			return cty.DynamicVal, false
		}
		if consumed {
			return c.traverseFrom(v, n, 1)
		}
		return c.traverse(v, n)
	case cRelative:
		v, ok := c.eval(n.a, scope)
		if !ok {
			return cty.DynamicVal, false
		}
		return c.traverse(v, n)
	case cObject:
		// hclsyntax.ObjectConsExpr: the keys are constant strings,
		// without marks, none repeated.
		vals := make(map[string]cty.Value, n.n)
		for k := range n.n {
			key := &c.nodes[n.c+k]
			v, ok := c.eval(n.c+n.n+k, scope)
			if !ok {
				return cty.DynamicVal, false
			}
			vals[c.strs[key.a:key.b]] = v
		}
		return cty.ObjectVal(vals), true
	case cTuple:
		vals := make([]cty.Value, n.n)
		for k := range n.n {
			v, ok := c.eval(n.c+k, scope)
			if !ok {
				return cty.DynamicVal, false
			}
			vals[k] = v
		}
		return cty.TupleVal(vals), true
	case cCond:
		return c.evalCond(n, scope)
	case cBinary:
		return c.evalBinary(n, scope)
	case cUnary:
		return c.evalUnary(n, scope)
	}
	return cty.DynamicVal, false
}

// traverse applies the steps of traversal node n to v, as
// hcl.Traversal.TraverseRel does.
func (c *compactCode) traverse(v cty.Value, n *compactNode) (cty.Value, bool) {
	return c.traverseFrom(v, n, 0)
}

// traverseFrom is traverse from step first on.
func (c *compactCode) traverseFrom(v cty.Value, n *compactNode, first int32) (cty.Value, bool) {
	var diags hcl.Diagnostics
	for k := first; k < n.n; k++ {
		step := &c.nodes[n.c+k]
		if step.kind == cAttr {
			v, diags = hcl.GetAttr(v, c.strs[step.a:step.b], nil)
		} else {
			v, diags = hcl.Index(v, c.vals[step.a], nil)
		}
		if len(diags) > 0 {
			return cty.DynamicVal, false
		}
	}
	return v, true
}

// evalTemplate is hclsyntax.TemplateExpr's Value without its
// diagnostics: every part's marks on the result, an unknown result when
// a part is unknown, refined with the known prefix before it.
// templatePart is the string a known, unmarked part of a template adds,
// as hcl converts it: a string as it is, a non-zero integer in decimal
// (what convert's Text('f', -1) gives, without it), anything else through
// convert. ok is false when the part does not convert to a string.
func templatePart(v cty.Value) (string, bool) {
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		if bf := v.AsBigFloat(); bf.IsInt() {
			if i, acc := bf.Int64(); acc == big.Exact && i != 0 { // zero may be -0
				return strconv.FormatInt(i, 10), true
			}
		}
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", false
	}
	return s.AsString(), true
}

func (c *compactCode) evalTemplate(n *compactNode, scope compactScope) (cty.Value, bool) {
	var buf strings.Builder
	var marks cty.ValueMarks
	known := true
	for k := range n.n {
		part, ok := c.eval(n.c+k, scope)
		if !ok || part.IsNull() {
			return cty.DynamicVal, false
		}
		unmarked, partMarks := part.Unmark()
		if len(partMarks) > 0 {
			if marks == nil {
				marks = make(cty.ValueMarks, len(partMarks))
			}
			for m := range partMarks {
				marks[m] = struct{}{}
			}
		}
		if !part.IsKnown() {
			known = false
			continue
		}
		s, ok := templatePart(unmarked)
		if !ok {
			return cty.DynamicVal, false
		}
		if known {
			buf.WriteString(s)
		}
	}
	var ret cty.Value
	if known {
		// A known string: RefineNotNull leaves it as it is.
		ret = cty.StringVal(buf.String())
	} else {
		ret = cty.UnknownVal(cty.String)
		if prefix := buf.String(); prefix != "" {
			// hcl's limit: at most 128 bytes (StringPrefix drops an
			// incomplete trailing grapheme cluster).
			ret = ret.Refine().StringPrefix(prefix[:min(len(prefix), 128)]).NewValue()
		}
		ret = ret.RefineNotNull()
	}
	if len(marks) > 0 {
		ret = ret.WithMarks(marks)
	}
	return ret, true
}
