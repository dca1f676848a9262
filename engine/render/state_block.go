package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// formatObject renders a state object with its schema as `terraform show`
// does: attributes sorted with their values aligned, null ones left out,
// then each nested block type in name order as blocks (`rule {`,
// `rule "key" {` for map nesting), a blank line before each block type
// when attributes precede it. Without a schema it falls back to the plain
// value syntax.
func formatObject(v cty.Value, b *schema.Block, indent int) string {
	if b == nil || isSensitive(v) {
		return formatValue(v, indent)
	}
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || !v.Type().IsObjectType() {
		return formatValue(v, indent)
	}
	var attrs []string
	for name := range b.Attributes {
		if av := attr(v, name); !isNull(av) {
			attrs = append(attrs, name)
		}
	}
	sort.Strings(attrs)
	var out strings.Builder
	out.WriteString("{\n")
	width := keyWidth(attrs, false)
	for _, name := range attrs {
		av := attr(v, name)
		value := ""
		if a := b.Attributes[name]; a != nil && a.Type == cty.DynamicPseudoType {
			value = formatDynamic(av, indent+4)
		} else {
			value = formatValue(omitNullAttrs(av), indent+4)
		}
		fmt.Fprintf(&out, "%s%-*s = %s\n", pad(indent+4), width, name, value)
	}
	blocks := false
	for _, name := range sortedBlockNames(b) {
		nb := b.BlockTypes[name]
		elems := blockElems(attr(v, name), nb.Nesting)
		if len(elems) > 0 && len(attrs) > 0 {
			out.WriteString("\n")
		}
		for _, e := range elems {
			fmt.Fprintf(&out, "%s%s%s %s\n", pad(indent+4), name, e.label, formatObject(e.val, &nb.Block, indent+4))
			blocks = true
		}
	}
	if len(attrs) == 0 && !blocks {
		return "{}"
	}
	out.WriteString(pad(indent) + "}")
	return out.String()
}

// blockElem is one nested block to render: its value and, for map
// nesting, its label (` "key"`).
type blockElem struct {
	label string
	val   cty.Value
}

// blockElems returns the blocks a nested block type's value holds.
func blockElems(v cty.Value, nesting schema.Nesting) []blockElem {
	if isNull(v) {
		return nil
	}
	v, _ = v.Unmark()
	if !v.IsKnown() {
		return nil
	}
	if nesting == schema.NestingSingle {
		return []blockElem{{val: v}}
	}
	var out []blockElem
	if nesting == schema.NestingMap {
		keys, vals := sortedEntries(v)
		for i, k := range keys {
			out = append(out, blockElem{label: fmt.Sprintf(" %q", k), val: vals[i]})
		}
		return out
	}
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		out = append(out, blockElem{val: ev})
	}
	return out
}

// omitNullAttrs drops the null attributes of objects within v (a nested
// attribute's object, or a collection of them), as Terraform leaves them
// out of its renders; sensitive and unknown parts are kept as they are.
func omitNullAttrs(v cty.Value) cty.Value {
	if isSensitive(v) || !v.IsKnown() || v.IsNull() {
		return v
	}
	uv, marks := v.Unmark()
	ty := uv.Type()
	switch {
	case ty.IsObjectType():
		m := map[string]cty.Value{}
		for name, av := range uv.AsValueMap() {
			if !isNull(av) {
				m[name] = omitNullAttrs(av)
			}
		}
		return cty.ObjectVal(m).WithMarks(marks)
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		if uv.LengthInt() == 0 {
			return v
		}
		var elems []cty.Value
		for it := uv.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			elems = append(elems, omitNullAttrs(ev))
		}
		return cty.TupleVal(elems).WithMarks(marks)
	}
	return v
}

// isNull reports whether v is null, whatever its marks.
func isNull(v cty.Value) bool {
	if v == cty.NilVal {
		return true
	}
	uv, _ := v.Unmark()
	return uv.IsKnown() && uv.IsNull()
}

func sortedBlockNames(b *schema.Block) []string {
	names := make([]string, 0, len(b.BlockTypes))
	for n := range b.BlockTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// formatDynamic renders a value of dynamic type as Terraform does: as its
// JSON, unchanged (jsonvalue_diff.go), when it is wholly known and
// unmarked, else as formatValue does.
func formatDynamic(v cty.Value, indent int) string {
	j, ok := jsonGeneric(v)
	if !ok || v.IsNull() {
		return formatValue(v, indent)
	}
	return jsonDiff(j, j, true, true).render(NoColor, indent-2, jsonOpts{showUnchanged: true})
}
