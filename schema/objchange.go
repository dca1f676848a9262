package schema

import (
	"maps"
	"sort"

	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/zclconf/go-cty/cty"
)

// ProposedNew returns the value the engine proposes to a provider's
// PlanResource: config, with every computed attribute that config leaves
// null taken from prior (or unknown when there is no prior object).
func ProposedNew(b *Block, prior, config cty.Value) cty.Value {
	if config.IsNull() || !config.IsKnown() {
		return config
	}
	if !prior.IsNull() && !prior.IsKnown() {
		// An unknown prior proposes as none. A null one is used as it is:
		// only its nullness is read, and deriving b's type again for it
		// was a third of proposing a create.
		prior = cty.NullVal(b.ImpliedType())
	}
	// Each nested block's proposal is made once: it is both compared with
	// prior's and, when anything differs, part of the new object (making
	// it twice, at each level of nesting, doubled the work per level).
	same := attrsArePrior(b, prior, config)
	// The proposal is config with over set on top: the nested blocks'
	// proposals and the computed attributes config leaves null. It is
	// made for nested blocks, or once a computed attribute needs it: an
	// unchanged object without nested blocks, most of a plan, has none.
	var over map[string]cty.Value
	if len(b.BlockTypes) > 0 {
		over = make(map[string]cty.Value, len(b.BlockTypes))
	}
	for name, nb := range b.BlockTypes {
		var pv cty.Value
		if prior.IsNull() {
			pv = cty.NullVal(nb.ImpliedType())
		} else {
			pv = prior.GetAttr(name)
		}
		nv := proposedNewNested(nb, pv, config.GetAttr(name))
		over[name] = nv
		same = same && sameAttr(prior, name, cty.NilVal) && nv.RawEquals(pv)
	}
	if same {
		return prior
	}
	for name, a := range b.Attributes {
		if !a.Computed || !ctyobject.GetAttr(config, name).IsNull() {
			continue
		}
		if over == nil {
			over = map[string]cty.Value{}
		}
		if prior.IsNull() {
			over[name] = cty.UnknownVal(a.Type)
		} else {
			over[name] = prior.GetAttr(name)
		}
	}
	// When config has exactly b's attributes and blocks, the proposal is
	// a copy of config's map of internals with over's set again, of
	// config's type (ctyobject.With; not for a marked config, or values
	// of other types than config's).
	if len(config.Type().AttributeTypes()) == len(b.Attributes)+len(b.BlockTypes) {
		if v, ok := ctyobject.With(config, over); ok {
			return v
		}
	}
	attrs := make(map[string]cty.Value, len(b.Attributes)+len(b.BlockTypes))
	for name := range b.Attributes {
		attrs[name] = config.GetAttr(name)
	}
	maps.Copy(attrs, over)
	// The proposal usually has exactly config's type: built with it, it
	// is not derived again from every attribute.
	if v, ok := ctyobject.OfValues(config.Type(), attrs); ok {
		return v
	}
	return cty.ObjectVal(attrs)
}

// attrsArePrior reports whether every attribute ProposedNew(b, prior,
// config) would propose is prior's, marks included, and prior has no
// other attributes than b's: with its nested blocks' proposals equal to
// prior's too, the proposal is prior itself, and the object is not built
// again (a map, cty.ObjectVal's type and map: most of ProposedNew). An
// unchanged object, most of a plan, ends there. prior is known.
func attrsArePrior(b *Block, prior, config cty.Value) bool {
	if prior.IsNull() || prior.IsMarked() || len(prior.Type().AttributeTypes()) != len(b.Attributes)+len(b.BlockTypes) {
		return false
	}
	for name, a := range b.Attributes {
		cv := ctyobject.GetAttr(config, name)
		if a.Computed && cv.IsNull() {
			continue // prior's
		}
		if !sameAttr(prior, name, cv) {
			return false
		}
	}
	return true
}

// sameAttr reports whether obj has attribute name and, unless v is
// cty.NilVal, whether it is exactly v, marks included.
func sameAttr(obj cty.Value, name string, v cty.Value) bool {
	if a, ok := ctyobject.Attr(obj, name); ok {
		return v == cty.NilVal || a.RawEquals(v)
	}
	if !obj.Type().HasAttribute(name) {
		return false
	}
	return v == cty.NilVal || obj.GetAttr(name).RawEquals(v)
}

func proposedNewNested(nb *NestedBlock, prior, config cty.Value) cty.Value {
	if config.IsNull() || !config.IsKnown() {
		return config
	}
	switch nb.Nesting {
	case NestingSingle:
		return ProposedNew(&nb.Block, prior, config)
	case NestingList:
		if config.LengthInt() == 0 {
			return config
		}
		var priors []cty.Value
		if !prior.IsNull() && prior.IsKnown() {
			priors = prior.AsValueSlice()
		}
		vals := make([]cty.Value, 0, config.LengthInt())
		for i, cv := range config.AsValueSlice() {
			pv := cty.NullVal(nb.Block.ImpliedType())
			if i < len(priors) {
				pv = priors[i]
			}
			vals = append(vals, ProposedNew(&nb.Block, pv, cv))
		}
		if config.Type().IsListType() {
			return cty.ListVal(vals)
		}
		return cty.TupleVal(vals)
	case NestingMap:
		if config.LengthInt() == 0 {
			return config
		}
		vals := make(map[string]cty.Value, config.LengthInt())
		for it := config.ElementIterator(); it.Next(); {
			k, cv := it.Element()
			pv := cty.NullVal(nb.Block.ImpliedType())
			if !prior.IsNull() && prior.IsKnown() && prior.HasIndex(k).True() {
				pv = prior.Index(k)
			}
			vals[k.AsString()] = ProposedNew(&nb.Block, pv, cv)
		}
		if config.Type().IsMapType() {
			return cty.MapVal(vals)
		}
		return cty.ObjectVal(vals)
	default:
		return proposedNewSet(nb, prior, config)
	}
}

// proposedNewSet pairs each configured set element with an unused prior
// element equal to it once the prior's computed attributes are nulled, as
// Terraform does: the computed values of an element whose configured
// values did not change are kept, and every other element's computed
// attributes are unknown.
func proposedNewSet(nb *NestedBlock, prior, config cty.Value) cty.Value {
	if config.LengthInt() == 0 {
		return config
	}
	var priors, keys []cty.Value
	if !prior.IsNull() && prior.IsKnown() {
		for it := prior.ElementIterator(); it.Next(); {
			_, pv := it.Element()
			priors = append(priors, pv)
			keys = append(keys, setCompareValue(&nb.Block, pv))
		}
	}
	used := make([]bool, len(priors))
	vals := make([]cty.Value, 0, config.LengthInt())
	for it := config.ElementIterator(); it.Next(); {
		_, cv := it.Element()
		pv := cty.NullVal(nb.Block.ImpliedType())
		for i, k := range keys {
			if !used[i] && k.RawEquals(cv) {
				pv, used[i] = priors[i], true
				break
			}
		}
		vals = append(vals, ProposedNew(&nb.Block, pv, cv))
	}
	return cty.SetVal(vals)
}

// setCompareValue returns v with every computed attribute null, in nested
// blocks too: what a configured set element equal to v looks like.
func setCompareValue(b *Block, v cty.Value) cty.Value {
	if v.IsNull() || !v.IsKnown() {
		return v
	}
	attrs := make(map[string]cty.Value, len(b.Attributes)+len(b.BlockTypes))
	for name, a := range b.Attributes {
		if a.Computed {
			attrs[name] = cty.NullVal(a.Type)
		} else {
			attrs[name] = v.GetAttr(name)
		}
	}
	for name, nb := range b.BlockTypes {
		attrs[name] = nestedCompareValue(nb, v.GetAttr(name))
	}
	return cty.ObjectVal(attrs)
}

func nestedCompareValue(nb *NestedBlock, v cty.Value) cty.Value {
	if v.IsNull() || !v.IsKnown() {
		return v
	}
	if nb.Nesting == NestingSingle {
		return setCompareValue(&nb.Block, v)
	}
	ty := v.Type()
	if v.LengthInt() == 0 || !(ty.IsListType() || ty.IsSetType() || ty.IsMapType()) {
		return v
	}
	if ty.IsMapType() {
		m := make(map[string]cty.Value, v.LengthInt())
		for k, ev := range v.AsValueMap() {
			m[k] = setCompareValue(&nb.Block, ev)
		}
		return cty.MapVal(m)
	}
	elems := make([]cty.Value, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		elems = append(elems, setCompareValue(&nb.Block, ev))
	}
	if ty.IsListType() {
		return cty.ListVal(elems)
	}
	return cty.SetVal(elems)
}

// ForceNewChanges returns the paths of the ForceNew attributes and nested
// blocks whose values differ between prior and planned. Unknown planned
// values count as a change. It returns nil when prior is null (a create).
func ForceNewChanges(b *Block, prior, planned cty.Value) []cty.Path {
	if prior.IsNull() || planned.IsNull() || !prior.IsKnown() || !planned.IsKnown() {
		return nil
	}
	// The names found are sorted, not the block's: sorting every name of
	// the block for each planned update was most of this function.
	var attrs, blocks []string
	for name, a := range b.Attributes {
		if a.ForceNew && differs(prior.GetAttr(name), planned.GetAttr(name)) {
			attrs = append(attrs, name)
		}
	}
	for name, nb := range b.BlockTypes {
		if nb.ForceNew && differs(prior.GetAttr(name), planned.GetAttr(name)) {
			blocks = append(blocks, name)
		}
	}
	if len(attrs)+len(blocks) == 0 {
		return nil
	}
	sort.Strings(attrs)
	sort.Strings(blocks)
	paths := make([]cty.Path, 0, len(attrs)+len(blocks))
	for _, name := range append(attrs, blocks...) {
		paths = append(paths, cty.GetAttrPath(name))
	}
	return paths
}

func differs(a, b cty.Value) bool {
	if !a.IsWhollyKnown() || !b.IsWhollyKnown() {
		return true
	}
	return !a.RawEquals(b)
}

// Null returns a null value of the block's implied type.
func (b *Block) Null() cty.Value {
	return cty.NullVal(b.ImpliedType())
}
