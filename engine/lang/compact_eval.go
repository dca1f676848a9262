package lang

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// eval is the value of node i in ctx, as hclsyntax evaluates the
// expression it was converted from; ok is false where hclsyntax would
// report any diagnostic, which eval does not build (plainDecoder.decode
// then asks hcldec for them).
func (c *compactCode) eval(i int32, ctx *hcl.EvalContext) (cty.Value, bool) {
	n := &c.nodes[i]
	switch n.kind {
	case cString:
		return cty.StringVal(c.strs[n.a:n.b]), true
	case cValue:
		return c.vals[n.a], true
	case cTemplate:
		return c.evalTemplate(n, ctx)
	case cScope:
		// hcl.Traversal.TraverseAbs: the first context up the chain
		// that has variables and the name.
		name := c.strs[n.a:n.b]
		for ec := ctx; ec != nil; ec = ec.Parent() {
			if ec.Variables == nil {
				continue
			}
			if v, ok := ec.Variables[name]; ok {
				return c.traverse(v, n)
			}
		}
		return cty.DynamicVal, false
	case cRelative:
		v, ok := c.eval(n.a, ctx)
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
			v, ok := c.eval(n.c+n.n+k, ctx)
			if !ok {
				return cty.DynamicVal, false
			}
			vals[c.strs[key.a:key.b]] = v
		}
		return cty.ObjectVal(vals), true
	case cTuple:
		vals := make([]cty.Value, n.n)
		for k := range n.n {
			v, ok := c.eval(n.c+k, ctx)
			if !ok {
				return cty.DynamicVal, false
			}
			vals[k] = v
		}
		return cty.TupleVal(vals), true
	case cCond:
		return c.evalCond(n, ctx)
	case cBinary:
		return c.evalBinary(n, ctx)
	case cUnary:
		return c.evalUnary(n, ctx)
	}
	return cty.DynamicVal, false
}

// traverse applies the steps of traversal node n to v, as
// hcl.Traversal.TraverseRel does.
func (c *compactCode) traverse(v cty.Value, n *compactNode) (cty.Value, bool) {
	var diags hcl.Diagnostics
	for k := range n.n {
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

func (c *compactCode) evalTemplate(n *compactNode, ctx *hcl.EvalContext) (cty.Value, bool) {
	var buf strings.Builder
	var marks cty.ValueMarks
	known := true
	for k := range n.n {
		part, ok := c.eval(n.c+k, ctx)
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
