package schema

import "github.com/zclconf/go-cty/cty"

// HasWriteOnly reports whether b or a block nested in it declares a
// write-only attribute.
func (b *Block) HasWriteOnly() bool {
	for _, a := range b.Attributes {
		if a.WriteOnly {
			return true
		}
	}
	for _, nb := range b.BlockTypes {
		if nb.Block.HasWriteOnly() {
			return true
		}
	}
	return false
}

// AttributeByPath returns the attribute a path into a value of b names,
// through nested blocks (a block's element steps are skipped), or nil
// when the path names a block, a part of an attribute's value, or
// nothing.
func (b *Block) AttributeByPath(path cty.Path) *Attribute {
	cur := b
	for i := 0; i < len(path); i++ {
		step, ok := path[i].(cty.GetAttrStep)
		if !ok {
			return nil
		}
		if a, ok := cur.Attributes[step.Name]; ok {
			if i == len(path)-1 {
				return a
			}
			return nil
		}
		nb, ok := cur.BlockTypes[step.Name]
		if !ok {
			return nil
		}
		if nb.Nesting != NestingSingle && i+1 < len(path) {
			if _, ok := path[i+1].(cty.GetAttrStep); !ok {
				i++ // the element of a list, set or map of blocks
			}
		}
		cur = &nb.Block
	}
	return nil
}

// NonNullWriteOnly returns the paths of v's write-only attributes that
// hold a value other than null, at any depth of nested blocks. A provider
// must return every write-only attribute null: one that does not is
// broken (Terraform's "Provider produced invalid plan/object").
func (b *Block) NonNullWriteOnly(v cty.Value) []cty.Path {
	if b == nil || !b.HasWriteOnly() {
		return nil
	}
	return b.nonNullWriteOnly(v, nil)
}

func (b *Block) nonNullWriteOnly(v cty.Value, base cty.Path) []cty.Path {
	v, _ = v.Unmark()
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() {
		return nil
	}
	var out []cty.Path
	for _, name := range b.AttributeNames() {
		if !b.Attributes[name].WriteOnly || !v.Type().HasAttribute(name) {
			continue
		}
		if av, _ := v.GetAttr(name).Unmark(); !av.IsNull() {
			out = append(out, append(base.Copy(), cty.GetAttrStep{Name: name}))
		}
	}
	for _, name := range b.BlockTypeNames() {
		nb := b.BlockTypes[name]
		if !nb.Block.HasWriteOnly() || !v.Type().HasAttribute(name) {
			continue
		}
		bv, _ := v.GetAttr(name).Unmark()
		p := append(base.Copy(), cty.GetAttrStep{Name: name})
		if bv.IsNull() || !bv.IsKnown() {
			continue
		}
		if nb.Nesting == NestingSingle {
			out = append(out, nb.Block.nonNullWriteOnly(bv, p)...)
			continue
		}
		for it := bv.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			ep := p
			if nb.Nesting != NestingSet {
				ep = append(p.Copy(), cty.IndexStep{Key: k})
			}
			out = append(out, nb.Block.nonNullWriteOnly(ev, ep)...)
		}
	}
	return out
}

// StripWriteOnly returns v with every write-only attribute of b null, as
// a value that may be stored.
func (b *Block) StripWriteOnly(v cty.Value) cty.Value {
	if b == nil || !b.HasWriteOnly() || v.IsNull() {
		return v
	}
	out, _ := cty.Transform(v, func(p cty.Path, av cty.Value) (cty.Value, error) {
		if a := b.AttributeByPath(p); a != nil && a.WriteOnly && !av.IsNull() {
			return cty.NullVal(av.Type()).WithMarks(av.Marks()), nil
		}
		return av, nil
	})
	return out
}
