package render

import (
	"fmt"
	"sync/atomic"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/schema"
)

// Schemas returns the schema block of a change's resource type, or nil
// when it is not known: the change then renders without blocks, its
// nested blocks as list and set values.
type Schemas func(rc *plans.ResourceChange) *schema.Block

func (s Schemas) of(rc *plans.ResourceChange) *schema.Block {
	if s == nil {
		return nil
	}
	return s(rc)
}

// importantAttributes are shown in a block's diff even when unchanged, as
// Terraform shows them.
var importantAttributes = map[string]bool{"id": true, "name": true, "tags": true}

// block writes the diff of two objects of a schema block, at indent, as
// Terraform 1.11 writes it: the attributes (null on both sides left out,
// "" counting as null as for legacy providers), unchanged ones hidden but
// id, name and tags; then each nested block type in name order, a blank
// line before each group when attributes precede it, blocks created,
// destroyed or updated marked, unchanged blocks counted.
func (d *differ) block(before, after cty.Value, blk *schema.Block, path cty.Path, indent int) {
	names := blockAttrNames(before, after, blk)
	width := keyWidth(names, false)
	hidden := 0
	for _, name := range names {
		if a := blk.Attributes[name]; a != nil && a.WriteOnly {
			hidden += d.writeOnly(name, width, before, after, indent, d.forcesSuffix(path.GetAttr(name)))
			continue
		}
		bv, av := legacyNull(attr(before, name)), legacyNull(attr(after, name))
		if equalValues(bv, av) {
			if importantAttributes[name] && !isNull(before) && !isNull(after) {
				fmt.Fprintf(d.b, "%s  %-*s = %s\n", pad(indent), width, name, formatValue(omitNullAttrs(av), indent+2))
			} else {
				hidden++
			}
			continue
		}
		d.showUnchanged = importantAttributes[name]
		if a := blk.Attributes[name]; a != nil {
			d.nestedAttr = a.ConfigType != cty.NilType
			d.dynamic = a.Type == cty.DynamicPseudoType
		}
		d.attr(name, width, bv, av, indent, d.forcesSuffix(path.GetAttr(name)))
		d.showUnchanged, d.nestedAttr, d.dynamic = false, false, false
	}
	if hidden > 0 {
		fmt.Fprintf(d.b, "%s  # (%d unchanged %s hidden)\n", pad(indent), hidden, plural(hidden, "attribute"))
	}
	hiddenBlocks := 0
	for _, name := range sortedBlockNames(blk) {
		nb := blk.BlockTypes[name]
		typePath := path.GetAttr(name)
		first := true
		for _, e := range blockPairs(attr(before, name), attr(after, name), nb.Nesting) {
			if equalValues(e.before, e.after) {
				hiddenBlocks++
				continue
			}
			if first && len(names) > 0 {
				d.b.WriteString("\n")
			}
			first = false
			d.nestedBlock(name, e, &nb.Block, typePath, indent)
		}
	}
	if hiddenBlocks > 0 {
		fmt.Fprintf(d.b, "\n%s  # (%d unchanged %s hidden)\n", pad(indent), hiddenBlocks, plural(hiddenBlocks, "block"))
	}
}

// writeOnly writes a write-only attribute as Terraform 1.11 does: its
// value is never planned, so it shows as "(write-only attribute)" when the
// object (or nested block) is created or destroyed, and counts as an
// unchanged attribute (1 returned) when it is updated.
func (d *differ) writeOnly(name string, width int, before, after cty.Value, indent int, suffix string) int {
	switch {
	case isNull(before) && !isNull(after):
		d.line(indent, plans.Create, width, name, writeOnlyValue+suffix)
	case isNull(after) && !isNull(before):
		fmt.Fprintf(d.b, "%s%s %-*s = %s%s%s\n", pad(indent), d.sym("-"), width, name, writeOnlyValue, d.nullSuffix(), suffix)
	default:
		return 1
	}
	return 0
}

// writeOnlyValue stands for a write-only attribute's value in a plan.
const writeOnlyValue = "(write-only attribute)"

// nestedBlock writes one nested block that changed: `+ rule {` created,
// `- rule {` destroyed, `~ rule {` updated, with its own diff inside.
func (d *differ) nestedBlock(name string, e blockPair, blk *schema.Block, typePath cty.Path, indent int) {
	sym := d.sym("~")
	switch {
	case isNull(e.before):
		sym = d.sym("+")
	case isNull(e.after):
		sym = d.sym("-")
	}
	elemPath := typePath
	if e.step != nil {
		elemPath = append(typePath.Copy(), e.step)
	}
	suffix := d.forcesSuffix(typePath)
	if suffix == "" && e.step != nil {
		suffix = d.forcesSuffix(elemPath)
	}
	if len(blockAttrNames(e.before, e.after, blk)) == 0 && !hasBlocks(e.before, e.after, blk) {
		fmt.Fprintf(d.b, "%s%s %s%s {}%s\n", pad(indent), sym, name, e.label, suffix)
		return
	}
	fmt.Fprintf(d.b, "%s%s %s%s {%s\n", pad(indent), sym, name, e.label, suffix)
	d.block(e.before, e.after, blk, elemPath, indent+4)
	fmt.Fprintf(d.b, "%s  }\n", pad(indent))
}

// blockAttrNames returns the block's attributes that are not null on
// both sides, and its write-only attributes (always null), sorted.
func blockAttrNames(before, after cty.Value, blk *schema.Block) []string {
	var names []string
	for _, name := range sortedAttrNames(blk) {
		if !hasAttr(before, name) && !hasAttr(after, name) {
			continue
		}
		if isNull(legacyNull(attr(before, name))) && isNull(legacyNull(attr(after, name))) && !blk.Attributes[name].WriteOnly {
			continue
		}
		names = append(names, name)
	}
	return names
}

// hasAttr reports whether v's type is an object type with attribute name.
func hasAttr(v cty.Value, name string) bool {
	ty := v.Type()
	return ty.IsObjectType() && hasAttribute(ty, name)
}

// hasAttribute is object type ty's HasAttribute without normalizing name
// to NFC: the names asked for are a schema's or a value's own, in NFC
// already, and cty's normalizing each was a sixth of the rendering of a
// plan of creates (BenchmarkPlanCreates).
func hasAttribute(ty cty.Type, name string) bool {
	_, ok := ty.AttributeTypes()[name]
	return ok
}

// blockNames is a schema block's attribute names, sorted.
type blockNames struct {
	blk   *schema.Block
	names []string
}

// lastBlockNames holds the sorted attribute names of the block rendered
// last: a plan's changes come sorted by address, so that one resource
// type's objects follow each other, and the names were sorted again for
// each (a map and a sort per object, a fifth of rendering a plan of 1,000
// creates). One entry, replaced whole, holds no schema longer than the
// next render of another block.
var lastBlockNames atomic.Pointer[blockNames]

// sortedAttrNames returns blk's attribute names, sorted; the slice is
// shared and must not be changed.
func sortedAttrNames(blk *schema.Block) []string {
	if c := lastBlockNames.Load(); c != nil && c.blk == blk {
		return c.names
	}
	names := blk.AttributeNames()
	lastBlockNames.Store(&blockNames{blk: blk, names: names})
	return names
}

// hasBlocks reports whether either object holds a nested block.
func hasBlocks(before, after cty.Value, blk *schema.Block) bool {
	for name, nb := range blk.BlockTypes {
		if len(blockElems(attr(before, name), nb.Nesting)) > 0 || len(blockElems(attr(after, name), nb.Nesting)) > 0 {
			return true
		}
	}
	return false
}

// legacyNull returns "" as null: Terraform renders empty strings in
// blocks as absent, since legacy providers cannot store null strings.
func legacyNull(v cty.Value) cty.Value {
	uv, marks := v.Unmark()
	if uv.IsKnown() && !uv.IsNull() && uv.Type() == cty.String && uv.AsString() == "" {
		return cty.NullVal(cty.String).WithMarks(marks)
	}
	return v
}

// forcesSuffix is the " # forces replacement" note when path is one the
// provider said forces replacement.
func (d *differ) forcesSuffix(path cty.Path) string {
	for _, p := range d.replace {
		if p.Equals(path) {
			return d.c.wrap(d.c.Red, " # forces replacement")
		}
	}
	return ""
}
