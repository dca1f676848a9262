package render

import (
	"encoding/json"
	"io"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/trueup/trueup/engine/plans"
)

// Terraform shows a string that holds a JSON object or array as
// jsonencode(...) of its structure, and a change of one as a diff of that
// structure, so that a policy that gains one action shows one new line,
// not the whole document twice. A jsonNode is one value of such a diff,
// built as Terraform's jsondiff builds its computed diffs
// (internal/command/jsonformat); jsondiff_render.go writes it as
// Terraform's renderers do. docs/plan-text.md, "Strings", says which
// strings take this path.

// jsonKind is the shape of a jsonNode.
type jsonKind uint8

const (
	jsonPrimitive jsonKind = iota
	jsonObject
	jsonArray
	jsonTypeChange // from and to are the two sides, each whole
	jsonSet        // a typed set's elements (kept, deleted, then created): an array without context
)

// jsonNode is one value of a JSON diff: its action, and either the two
// sides of a primitive, an object's attributes, an array's elements
// (deleted, created and kept, in the order the diff shows them), or the
// two sides of a change of JSON type.
type jsonNode struct {
	action        plans.Action
	kind          jsonKind
	before, after any // a primitive's sides: string, json.Number, bool or nil
	attrs         map[string]*jsonNode
	elems         []*jsonNode
	from, to      *jsonNode
}

// parseJSONDocument decodes s when it is a JSON object or array, as
// Terraform recognises one: it starts with { or [, is valid JSON, and
// nothing follows it. Numbers stay as written (json.Number).
func parseJSONDocument(s string) (any, bool) {
	if !strings.HasPrefix(s, "{") && !strings.HasPrefix(s, "[") {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// jsonTypeOf names the JSON type of a decoded value.
type jsonType uint8

const (
	jsonNullType jsonType = iota
	jsonBoolType
	jsonNumberType
	jsonStringType
	jsonObjectType
	jsonArrayType
)

func jsonTypeOf(v any) jsonType {
	switch v.(type) {
	case map[string]any:
		return jsonObjectType
	case []any:
		return jsonArrayType
	case string:
		return jsonStringType
	case json.Number:
		return jsonNumberType
	case bool:
		return jsonBoolType
	}
	return jsonNullType
}

// jsonDiff is the diff of two decoded JSON values; beforeSet and afterSet
// say whether each side exists at all (an attribute or element missing on
// one side), as against a JSON null.
func jsonDiff(before, after any, beforeSet, afterSet bool) *jsonNode {
	bt, at := jsonTypeOf(before), jsonTypeOf(after)
	deleted := at == jsonNullType && !afterSet
	created := bt == jsonNullType && !beforeSet
	if bt == at || created || deleted {
		t := bt
		if t == jsonNullType {
			t = at
		}
		return jsonDiffOf(t, before, after, beforeSet, afterSet)
	}
	return &jsonNode{
		action: plans.Update,
		kind:   jsonTypeChange,
		from:   jsonDiffOf(bt, before, nil, beforeSet, false),
		to:     jsonDiffOf(at, nil, after, false, afterSet),
	}
}

func jsonDiffOf(t jsonType, before, after any, beforeSet, afterSet bool) *jsonNode {
	switch t {
	case jsonObjectType:
		return jsonObjectDiff(before, after)
	case jsonArrayType:
		return jsonArrayDiff(before, after)
	}
	n := &jsonNode{kind: jsonPrimitive, before: before, after: after}
	beforeMissing := before == nil && !beforeSet
	afterMissing := after == nil && !afterSet
	switch {
	case beforeMissing && !afterMissing:
		n.action = plans.Create
	case !beforeMissing && afterMissing:
		n.action = plans.Delete
	case reflect.DeepEqual(before, after):
		n.action = plans.NoOp
	default:
		n.action = plans.Update
	}
	return n
}

// collectionAction is the action of an object or array: a create or a
// delete when one side is missing, else an update when any child
// changes.
func collectionAction(beforeSet, afterSet bool, children iter.Seq[*jsonNode]) plans.Action {
	action := plans.NoOp
	switch {
	case beforeSet && !afterSet:
		action = plans.Delete
	case !beforeSet && afterSet:
		action = plans.Create
	}
	for c := range children {
		if c.action != plans.NoOp && c.action != action {
			action = plans.Update
		}
	}
	return action
}

func jsonObjectDiff(before, after any) *jsonNode {
	bm, _ := before.(map[string]any)
	am, _ := after.(map[string]any)
	n := &jsonNode{kind: jsonObject, attrs: map[string]*jsonNode{}}
	for k, bv := range bm {
		av, ok := am[k]
		n.attrs[k] = jsonDiff(bv, av, true, ok)
	}
	for k, av := range am {
		if _, ok := bm[k]; !ok {
			n.attrs[k] = jsonDiff(nil, av, false, true)
		}
	}
	n.action = collectionAction(bm != nil, am != nil, maps.Values(n.attrs))
	return n
}

func jsonArrayDiff(before, after any) *jsonNode {
	bs, _ := before.([]any)
	as, _ := after.([]any)
	n := &jsonNode{kind: jsonArray}
	at := func(s []any, i int) (any, bool) {
		if i < 0 || i >= len(s) {
			return nil, false
		}
		return s[i], true
	}
	isObject := func(v any) bool { return jsonTypeOf(v) == jsonObjectType }
	pairSlices(bs, as, isObject, func(bi, ai int) {
		bv, bok := at(bs, bi)
		av, aok := at(as, ai)
		n.elems = append(n.elems, jsonDiff(bv, av, bok, aok))
	})
	n.action = collectionAction(bs != nil, as != nil, slices.Values(n.elems))
	return n
}

// pairSlices calls pair with the index of each element of before and
// after as Terraform's diff pairs them: position by position when the
// lengths match and the order did not merely change; else along their
// longest common subsequence, the elements outside it deleted then
// created (an index out of range stands for "none"), except that objects
// facing each other are paired as an update.
func pairSlices[T any](before, after []T, isObject func(T) bool, pair func(bi, ai int)) {
	if len(before) == len(after) && !isReorder(before, after) {
		for i := range before {
			pair(i, i)
		}
		return
	}
	lcs := longestCommonSubsequence(before, after)
	var bi, ai, li int
	for bi < len(before) || ai < len(after) || li < len(lcs) {
		for bi < len(before) && (li >= len(lcs) || !reflect.DeepEqual(before[bi], lcs[li])) {
			if isObject(before[bi]) && ai < len(after) && isObject(after[ai]) && (li >= len(lcs) || !reflect.DeepEqual(after[ai], lcs[li])) {
				pair(bi, ai)
				bi++
				ai++
				continue
			}
			pair(bi, len(after))
			bi++
		}
		for ai < len(after) && (li >= len(lcs) || !reflect.DeepEqual(after[ai], lcs[li])) {
			pair(len(before), ai)
			ai++
		}
		if li < len(lcs) {
			pair(bi, ai)
			bi++
			ai++
			li++
		}
	}
}

// isReorder reports whether every element of before is in after, of the
// same length.
func isReorder[T any](before, after []T) bool {
	if len(before) != len(after) {
		return false
	}
	for _, b := range before {
		if !slices.ContainsFunc(after, func(a T) bool { return reflect.DeepEqual(a, b) }) {
			return false
		}
	}
	return true
}

// longestCommonSubsequence is Terraform's (internal/plans/objchange): the
// same table and the same walk back, so that of several longest common
// subsequences it picks the one Terraform picks.
func longestCommonSubsequence[T any](xs, ys []T) []T {
	if len(xs) == 0 || len(ys) == 0 {
		return nil
	}
	w := len(xs)
	c := make([]int, len(xs)*len(ys))
	eqs := make([]bool, len(xs)*len(ys))
	// length is the table's cell x, y: the longest common subsequence of
	// xs[:x+1] and ys[:y+1]; 0 outside the table.
	length := func(x, y int) int {
		if x < 0 || y < 0 {
			return 0
		}
		return c[w*y+x]
	}
	for y := range ys {
		for x := range xs {
			if reflect.DeepEqual(xs[x], ys[y]) {
				eqs[w*y+x] = true
				c[w*y+x] = length(x-1, y-1) + 1
			} else {
				c[w*y+x] = max(length(x-1, y), length(x, y-1))
			}
		}
	}
	seq := make([]T, c[len(c)-1])
	x, y, i := len(xs)-1, len(ys)-1, len(seq)-1
	for x > -1 && y > -1 {
		switch {
		case eqs[w*y+x]:
			seq[i] = xs[x]
			x, y, i = x-1, y-1, i-1
		case length(x-1, y) > length(x, y-1):
			x--
		default:
			y--
		}
	}
	return seq
}

// setDiff is the diff of a typed set's elements, as Terraform pairs them:
// each element of before kept when after has it too, else deleted, in
// before's order; then the elements only after has, created.
func setDiff(before, after []any, beforeSet, afterSet bool) *jsonNode {
	n := &jsonNode{kind: jsonSet}
	matched := make([]bool, len(after))
	for _, b := range before {
		found := false
		for j, a := range after {
			if !matched[j] && reflect.DeepEqual(a, b) {
				matched[j], found = true, true
				break
			}
		}
		if found {
			n.elems = append(n.elems, jsonDiff(b, b, true, true))
		} else {
			n.elems = append(n.elems, jsonDiff(b, nil, true, false))
		}
	}
	for j, a := range after {
		if !matched[j] {
			n.elems = append(n.elems, jsonDiff(nil, a, false, true))
		}
	}
	n.action = collectionAction(beforeSet, afterSet, slices.Values(n.elems))
	return n
}
