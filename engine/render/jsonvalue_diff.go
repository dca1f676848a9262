package render

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/trueup/trueup/engine/plans"
)

// Terraform writes a value of no fixed type (an output, terraform_data's
// input and output, any attribute of dynamic type) as the JSON it is: a
// map and an object alike, a list, set and tuple alike, nulls inside
// shown. A list of strings, numbers or bools is written by the same list
// renderer: its elements paired along their longest common subsequence,
// unchanged ones counted but those around each change.

// jsonGeneric is v as decoded JSON (json.Number for numbers) when v is
// wholly known and unmarked; ok is false otherwise.
func jsonGeneric(v cty.Value) (any, bool) {
	if v.ContainsMarked() || !v.IsWhollyKnown() {
		return nil, false
	}
	if v.IsNull() {
		return nil, true
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, false
	}
	return out, true
}

// primitiveList reports whether v is a list or set of strings, numbers
// or bools.
func primitiveList(v cty.Value) bool {
	ty := v.Type()
	return (ty.IsListType() || ty.IsSetType()) && ty.ElementType().IsPrimitiveType()
}

// jsonValueDiff is the diff of the JSON of two values, beforeSet and
// afterSet saying which exist; a typed set's elements are paired as a
// set's.
func jsonValueDiff(bv, av cty.Value, bj, aj any, beforeSet, afterSet bool) *jsonNode {
	if bv.Type().IsSetType() || av.Type().IsSetType() {
		bs, _ := bj.([]any)
		as, _ := aj.([]any)
		return setDiff(bs, as, beforeSet, afterSet)
	}
	return jsonDiff(bj, aj, beforeSet, afterSet)
}

// jsonChange writes the change of bv to av as the JSON of both, for a
// value of dynamic type or a list of primitives; ok is false when a side
// is not wholly known and unmarked (but for av unknown as a whole), or
// when the JSON of both is the same, which attr writes itself.
func (d *differ) jsonChange(bv, av cty.Value, indent int, suffix string) (text string, action plans.Action, ok bool) {
	bj, bok := jsonGeneric(bv)
	var n *jsonNode
	o := jsonOpts{}
	unknownAfter := false
	switch {
	case !bok:
		return "", plans.NoOp, false
	case bv.IsNull() && !av.IsMarked():
		aj, aok := jsonGeneric(av)
		if !aok || av.IsNull() {
			return "", plans.NoOp, false
		}
		n = jsonValueDiff(bv, av, nil, aj, false, true)
	case !av.IsKnown() && !av.IsMarked():
		n = jsonValueDiff(bv, av, bj, nil, true, false)
		o.noNullSuffix, unknownAfter = true, true
	case av.IsNull() && !av.IsMarked():
		n = jsonValueDiff(bv, av, bj, nil, true, false)
		o.noNullSuffix = d.noNullSuffix
	default:
		aj, aok := jsonGeneric(av)
		if !aok {
			return "", plans.NoOp, false
		}
		n = jsonValueDiff(bv, av, bj, aj, true, true)
		if n.action == plans.NoOp {
			return "", plans.NoOp, false
		}
	}
	action = n.action
	// "# forces replacement" follows the value's first line, or "->
	// (known after apply)" when it becomes unknown.
	first := suffix
	if unknownAfter {
		first = ""
	}
	if n.kind == jsonPrimitive && (isString(n.before) || isString(n.after)) {
		text = stringDiff(d.c, n.action, n.before, n.after, indent, o, first)
	} else {
		text = n.render(d.c, indent, o)
		switch {
		case first == "":
		case strings.HasPrefix(text, "[\n") || strings.HasPrefix(text, "{\n"):
			text = text[:1] + first + text[1:]
		default:
			text += first
		}
	}
	if unknownAfter {
		text += " -> " + knownAfterApply + suffix
		action = plans.Update
	}
	return text, action, true
}
