package schema

import (
	"github.com/zclconf/go-cty/cty"
)

// ProposedNew returns the value the engine proposes to a provider's
// PlanResource: config, with every computed attribute that config leaves
// null taken from prior (or unknown when there is no prior object).
func ProposedNew(b *Block, prior, config cty.Value) cty.Value {
	if config.IsNull() || !config.IsKnown() {
		return config
	}
	if prior.IsNull() || !prior.IsKnown() {
		prior = cty.NullVal(b.ImpliedType())
	}
	attrs := make(map[string]cty.Value, len(b.Attributes)+len(b.BlockTypes))
	for name, a := range b.Attributes {
		cv := config.GetAttr(name)
		switch {
		case a.Computed && cv.IsNull():
			if prior.IsNull() {
				attrs[name] = cty.UnknownVal(a.Type)
			} else {
				attrs[name] = prior.GetAttr(name)
			}
		default:
			attrs[name] = cv
		}
	}
	for name, nb := range b.BlockTypes {
		cv := config.GetAttr(name)
		var pv cty.Value
		if prior.IsNull() {
			pv = cty.NullVal(nb.ImpliedType())
		} else {
			pv = prior.GetAttr(name)
		}
		attrs[name] = proposedNewNested(nb, pv, cv)
	}
	return cty.ObjectVal(attrs)
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
		// Set elements have no identity to match prior ones by; computed
		// attributes inside sets become unknown unless configured.
		if config.LengthInt() == 0 {
			return config
		}
		vals := make([]cty.Value, 0, config.LengthInt())
		for it := config.ElementIterator(); it.Next(); {
			_, cv := it.Element()
			vals = append(vals, ProposedNew(&nb.Block, cty.NullVal(nb.Block.ImpliedType()), cv))
		}
		return cty.SetVal(vals)
	}
}

// ForceNewChanges returns the paths of the ForceNew attributes and nested
// blocks whose values differ between prior and planned. Unknown planned
// values count as a change. It returns nil when prior is null (a create).
func ForceNewChanges(b *Block, prior, planned cty.Value) []cty.Path {
	if prior.IsNull() || planned.IsNull() || !prior.IsKnown() || !planned.IsKnown() {
		return nil
	}
	var paths []cty.Path
	for _, name := range b.AttributeNames() {
		if !b.Attributes[name].ForceNew {
			continue
		}
		if differs(prior.GetAttr(name), planned.GetAttr(name)) {
			paths = append(paths, cty.GetAttrPath(name))
		}
	}
	for _, name := range b.BlockTypeNames() {
		if !b.BlockTypes[name].ForceNew {
			continue
		}
		if differs(prior.GetAttr(name), planned.GetAttr(name)) {
			paths = append(paths, cty.GetAttrPath(name))
		}
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
