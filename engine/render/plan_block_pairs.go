package render

import (
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// blockPair is one nested block before and after (null where it does not
// exist), its label (` "key"` for map nesting) and the path step to it.
type blockPair struct {
	label         string
	before, after cty.Value
	step          cty.PathStep
}

// blockPairs matches the blocks of a nested block type before and after
// as Terraform does: single blocks with each other, map blocks by key,
// list blocks along their longest common subsequence (the others paired
// in order while both sides have some), set blocks by equality (the
// unmatched before ones destroyed, then the unmatched after ones
// created).
func blockPairs(before, after cty.Value, nesting schema.Nesting) []blockPair {
	switch nesting {
	case schema.NestingSingle:
		if isNull(before) && isNull(after) {
			return nil
		}
		return []blockPair{{before: before, after: after}}
	case schema.NestingMap:
		return mapPairs(before, after)
	case schema.NestingSet:
		return setPairs(blockElems(before, nesting), blockElems(after, nesting))
	}
	return listPairs(blockElems(before, nesting), blockElems(after, nesting))
}

func mapPairs(before, after cty.Value) []blockPair {
	bm, am := map[string]cty.Value{}, map[string]cty.Value{}
	var keys []string
	for _, e := range blockElems(before, schema.NestingMap) {
		bm[e.label] = e.val
		keys = append(keys, e.label)
	}
	for _, e := range blockElems(after, schema.NestingMap) {
		am[e.label] = e.val
		if _, ok := bm[e.label]; !ok {
			keys = append(keys, e.label)
		}
	}
	sort.Strings(keys)
	out := make([]blockPair, 0, len(keys))
	for _, k := range keys {
		b, a := orNull(bm[k]), orNull(am[k])
		key, _ := strconv.Unquote(strings.TrimPrefix(k, " "))
		out = append(out, blockPair{label: k, before: b, after: a, step: cty.IndexStep{Key: cty.StringVal(key)}})
	}
	return out
}

func setPairs(before, after []blockElem) []blockPair {
	matched := make([]bool, len(after))
	var out []blockPair
	for _, b := range before {
		found := false
		for j, a := range after {
			if !matched[j] && equalValues(b.val, a.val) {
				matched[j], found = true, true
				out = append(out, blockPair{before: b.val, after: a.val, step: setStep(a.val)})
				break
			}
		}
		if !found {
			out = append(out, blockPair{before: b.val, after: cty.NullVal(b.val.Type()), step: setStep(b.val)})
		}
	}
	for j, a := range after {
		if !matched[j] {
			out = append(out, blockPair{before: cty.NullVal(a.val.Type()), after: a.val, step: setStep(a.val)})
		}
	}
	return out
}

func setStep(v cty.Value) cty.PathStep {
	uv, _ := v.UnmarkDeep()
	return cty.IndexStep{Key: uv}
}

// listPairs walks both lists along their longest common subsequence, as
// Terraform's ProcessSlice does.
func listPairs(before, after []blockElem) []blockPair {
	lcs := commonSubsequence(before, after)
	var out []blockPair
	bi, ai, li := 0, 0, 0
	idx := func(i int) cty.PathStep { return cty.IndexStep{Key: cty.NumberIntVal(int64(i))} }
	inLCS := func(v cty.Value) bool { return li < len(lcs) && equalValues(v, lcs[li]) }
	for bi < len(before) || ai < len(after) || li < len(lcs) {
		for bi < len(before) && !inLCS(before[bi].val) {
			if ai < len(after) && !inLCS(after[ai].val) {
				out = append(out, blockPair{before: before[bi].val, after: after[ai].val, step: idx(ai)})
				bi, ai = bi+1, ai+1
				continue
			}
			out = append(out, blockPair{before: before[bi].val, after: cty.NullVal(before[bi].val.Type()), step: idx(bi)})
			bi++
		}
		for ai < len(after) && !inLCS(after[ai].val) {
			out = append(out, blockPair{before: cty.NullVal(after[ai].val.Type()), after: after[ai].val, step: idx(ai)})
			ai++
		}
		if li < len(lcs) {
			out = append(out, blockPair{before: before[bi].val, after: after[ai].val, step: idx(ai)})
			bi, ai, li = bi+1, ai+1, li+1
		}
	}
	return out
}

// commonSubsequence returns the longest common subsequence of two lists
// of blocks, by equality.
func commonSubsequence(xs, ys []blockElem) []cty.Value {
	n, m := len(xs), len(ys)
	table := make([][]int, n+1)
	for i := range table {
		table[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if equalValues(xs[i].val, ys[j].val) {
				table[i][j] = table[i+1][j+1] + 1
			} else {
				table[i][j] = max(table[i+1][j], table[i][j+1])
			}
		}
	}
	var out []cty.Value
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case equalValues(xs[i].val, ys[j].val):
			out = append(out, xs[i].val)
			i, j = i+1, j+1
		case table[i+1][j] >= table[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

func orNull(v cty.Value) cty.Value {
	if v == cty.NilVal {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return v
}
