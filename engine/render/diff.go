package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/ctyobject"
)

// differ renders the difference between two object values.
type differ struct {
	c       Colors
	b       *strings.Builder
	replace []cty.Path // the paths that force replacement
	// noNullSuffix leaves "-> null" off destroyed values: the whole
	// object is being destroyed.
	noNullSuffix bool
	// showUnchanged shows a collection's unchanged entries too: Terraform
	// does for id, name and tags.
	showUnchanged bool
	// nestedAttr is set while a plugin's nested attribute is written:
	// Terraform writes its objects as blocks' bodies, not as values.
	nestedAttr bool
	// dynamic is set while a value of no fixed type is written (an
	// output, an attribute of dynamic type): as its JSON (jsonChange).
	dynamic bool
}

func (d *differ) sym(s string) string {
	switch s {
	case "+":
		return d.c.wrap(d.c.Green, "+")
	case "-":
		return d.c.wrap(d.c.Red, "-")
	case "~":
		return d.c.wrap(d.c.Yellow, "~")
	}
	return s
}

// object writes the attributes of an object diff at indent. It returns
// the number of unchanged attributes it hid.
func (d *differ) object(before, after cty.Value, indent int, top bool) {
	names := attrNames(before, after)
	// As in Terraform, attributes null on both sides are not part of the
	// diff: they neither show nor widen the alignment.
	width := 0
	for _, n := range names {
		if len(n) > width && !(attr(before, n).IsNull() && attr(after, n).IsNull()) {
			width = len(n)
		}
	}
	hidden := 0
	for _, name := range names {
		bv, av := attr(before, name), attr(after, name)
		if bv.IsNull() && av.IsNull() {
			continue
		}
		if equalValues(bv, av) {
			if top && (name == "id" || name == "name") && !av.IsNull() && !before.IsNull() && !after.IsNull() {
				fmt.Fprintf(d.b, "%s  %-*s = %s\n", pad(indent), width, name, formatValue(av, indent+2))
			} else {
				hidden++
			}
			continue
		}
		suffix := ""
		if top {
			suffix = d.forcesSuffix(cty.GetAttrPath(name))
		}
		d.attr(name, width, bv, av, indent, suffix)
	}
	if hidden > 0 && !before.IsNull() && !after.IsNull() {
		fmt.Fprintf(d.b, "%s  # (%d unchanged %s hidden)\n", pad(indent), hidden, plural(hidden, "attribute"))
	}
}

// attr writes one attribute's change. A collection created or destroyed
// whole is written element by element, each marked, and a destroyed one
// ends in "-> null", as Terraform writes them.
func (d *differ) attr(name string, width int, bv, av cty.Value, indent int, suffix string) {
	if d.dynamic || primitiveList(bv) || primitiveList(av) {
		if text, action, ok := d.jsonChange(bv, av, indent, suffix); ok {
			d.line(indent, action, width, name, text)
			return
		}
	}
	if text, action, ok := d.stringChange(bv, av, indent, suffix); ok {
		d.line(indent, action, width, name, text)
		return
	}
	switch {
	case bv.IsNull() && expandable(av):
		d.line(indent, plans.Create, width, name, d.whole("+", av, indent)+suffix)
	case bv.IsNull():
		d.line(indent, plans.Create, width, name, formatValue(av, indent+2)+suffix)
	case av.IsNull() && av.IsKnown() && expandable(bv):
		fmt.Fprintf(d.b, "%s%s %-*s = %s%s%s\n", pad(indent), d.sym("-"), width, name, d.whole("-", bv, indent), d.nullSuffix(), suffix)
	case av.IsNull() && av.IsKnown():
		fmt.Fprintf(d.b, "%s%s %-*s = %s%s%s\n", pad(indent), d.sym("-"), width, name, formatValue(bv, indent+2), d.nullSuffix(), suffix)
	case isSensitive(bv) || isSensitive(av):
		// Terraform shows neither side of a sensitive change.
		fmt.Fprintf(d.b, "%s%s %-*s = %s%s\n", pad(indent), d.sym("~"), width, name, sensitiveValue, suffix)
	case collection(bv) && collection(av):
		fmt.Fprintf(d.b, "%s%s %-*s = {%s\n", pad(indent), d.sym("~"), width, name, suffix)
		d.mapDiff(bv, av, indent+4)
		fmt.Fprintf(d.b, "%s  }\n", pad(indent))
	default:
		fmt.Fprintf(d.b, "%s%s %-*s = %s -> %s%s\n", pad(indent), d.sym("~"), width, name,
			formatValue(bv, indent+2), formatValue(av, indent+2), suffix)
	}
}

// line writes an attribute's line, marked with action's symbol, as
// fmt.Fprintf(d.b, "%s%s%-*s = %s\n", ...) would, without fmt: the lines
// of creates are most of a large plan's text.
func (d *differ) line(indent int, action plans.Action, width int, name, value string) {
	d.b.WriteString(pad(indent))
	d.b.WriteString(d.c.actionSymbol(action))
	d.b.WriteString(name)
	for n := utf8.RuneCountInString(name); n < width; n++ {
		d.b.WriteByte(' ')
	}
	d.b.WriteString(" = ")
	d.b.WriteString(value)
	d.b.WriteByte('\n')
}

// nullSuffix is " -> null" after a destroyed value, unless the whole
// object is being destroyed.
func (d *differ) nullSuffix() string {
	if d.noNullSuffix {
		return ""
	}
	return " -> null"
}

// whole writes a value created or destroyed as a whole, whose line starts
// at indent: every element and entry of its collections is marked with
// sym. It writes no trailing newline.
func (d *differ) whole(sym string, v cty.Value, indent int) string {
	if s, ok := plainString(v); ok {
		if sym == "-" {
			return stringDiff(d.c, plans.Delete, s, nil, indent, jsonOpts{noNullSuffix: true}, "")
		}
		return stringDiff(d.c, plans.Create, nil, s, indent, jsonOpts{}, "")
	}
	if !expandable(v) {
		return formatValue(v, indent+2)
	}
	v, _ = v.Unmark()
	var b strings.Builder
	ty := v.Type()
	if ty.IsMapType() || ty.IsObjectType() {
		keys, vals := sortedEntries(v)
		if ty.IsObjectType() {
			keys, vals = nonNullEntries(keys, vals)
		}
		width := keyWidth(keys, ty.IsMapType())
		b.WriteString("{\n")
		for i, k := range keys {
			suffix := ""
			if sym == "-" && d.nestedAttr && ty.IsObjectType() && !d.noNullSuffix {
				// A nested attribute's object is written as a block's
				// body: each destroyed value ends in -> null.
				suffix = " -> null"
			}
			fmt.Fprintf(&b, "%s%s %-*s = %s%s\n", pad(indent+4), d.sym(sym), width, formatKey(k, ty.IsMapType()), d.whole(sym, vals[i], indent+4), suffix)
		}
		b.WriteString(pad(indent+2) + "}")
		return b.String()
	}
	b.WriteString("[\n")
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		fmt.Fprintf(&b, "%s%s %s,\n", pad(indent+4), d.sym(sym), d.whole(sym, ev, indent+4))
	}
	b.WriteString(pad(indent+2) + "]")
	return b.String()
}

// expandable reports whether v is a known, non-empty, non-sensitive
// collection written element by element when created or destroyed.
func expandable(v cty.Value) bool {
	if isSensitive(v) || !v.IsKnown() || v.IsNull() {
		return false
	}
	ty := v.Type()
	return (ty.IsMapType() || ty.IsObjectType() || ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) && v.LengthInt() > 0
}

// mapDiff writes the changed entries of two maps or objects.
func (d *differ) mapDiff(bv, av cty.Value, indent int) {
	bv, _ = bv.Unmark()
	av, _ = av.Unmark()
	quoted := bv.Type().IsMapType() || av.Type().IsMapType()
	bm, am := bv.AsValueMap(), av.AsValueMap()
	keys := map[string]bool{}
	for k := range bm {
		keys[k] = true
	}
	for k := range am {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	width := 0
	for k := range keys {
		sorted = append(sorted, k)
		if n := len(formatKey(k, quoted)); n > width {
			width = n
		}
	}
	sort.Strings(sorted)
	hidden := 0
	for _, k := range sorted {
		b, bok := bm[k]
		a, aok := am[k]
		if !bok {
			b = cty.NullVal(cty.DynamicPseudoType)
		}
		if !aok {
			a = cty.NullVal(cty.DynamicPseudoType)
		}
		if bok && aok && equalValues(b, a) {
			if d.showUnchanged {
				fmt.Fprintf(d.b, "%s  %-*s = %s\n", pad(indent), width, formatKey(k, quoted), formatValue(a, indent+2))
				continue
			}
			hidden++
			continue
		}
		d.attr(formatKey(k, quoted), width, b, a, indent, "")
	}
	if hidden > 0 {
		// A map's entries are elements, an object's attributes.
		word := "attribute"
		if quoted {
			word = "element"
		}
		fmt.Fprintf(d.b, "%s  # (%d unchanged %s hidden)\n", pad(indent), hidden, plural(hidden, word))
	}
}

// collection reports whether v is a known, non-null, non-sensitive map or
// object whose entries can be diffed one by one.
func collection(v cty.Value) bool {
	if isSensitive(v) || !v.IsKnown() || v.IsNull() {
		return false
	}
	ty := v.Type()
	return (ty.IsMapType() || ty.IsObjectType()) && v.LengthInt() > 0
}

// equalValues reports whether a and b show the same in a diff: equal,
// wholly known, and both sensitive or neither.
func equalValues(a, b cty.Value) bool {
	// A create or a destroy compares every attribute with null: what
	// follows would unmark and walk the other side whole to find it is
	// not null.
	if !a.IsMarked() && !b.IsMarked() {
		if a.IsNull() {
			return b.IsNull()
		}
		if b.IsNull() {
			return false
		}
	}
	return equalWhole(a, b)
}

// equalWhole is equalValues without its shortcut for nulls.
func equalWhole(a, b cty.Value) bool {
	if isSensitive(a) != isSensitive(b) {
		return false
	}
	ua, _ := a.UnmarkDeep()
	ub, _ := b.UnmarkDeep()
	if !ua.IsWhollyKnown() || !ub.IsWhollyKnown() {
		return false
	}
	if ua.IsNull() || ub.IsNull() {
		return ua.IsNull() && ub.IsNull()
	}
	return ua.Type().Equals(ub.Type()) && ua.RawEquals(ub) || ua.Equals(ub).True()
}

func attr(obj cty.Value, name string) cty.Value {
	obj, _ = obj.Unmark()
	if v, ok := ctyobject.Attr(obj, name); ok {
		return v
	}
	if obj.IsNull() || !obj.IsKnown() || !obj.Type().IsObjectType() || !hasAttribute(obj.Type(), name) {
		if !obj.IsKnown() {
			return cty.DynamicVal
		}
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return obj.GetAttr(name)
}

func attrNames(vals ...cty.Value) []string {
	set := map[string]bool{}
	for _, v := range vals {
		ty := v.Type()
		if ty.IsObjectType() {
			for n := range ty.AttributeTypes() {
				set[n] = true
			}
		}
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// nonNullEntries drops the null entries of an object's attributes: as in
// Terraform, attributes null on both sides are not part of a diff.
func nonNullEntries(keys []string, vals []cty.Value) ([]string, []cty.Value) {
	var ks []string
	var vs []cty.Value
	for i, k := range keys {
		if !isNull(vals[i]) {
			ks, vs = append(ks, k), append(vs, vals[i])
		}
	}
	return ks, vs
}

// plainString is v's text when v is a known, non-null, non-sensitive
// string.
func plainString(v cty.Value) (string, bool) {
	if v.IsMarked() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// stringChange writes the change of a string attribute as Terraform does
// (stringDiff): created, destroyed, updated, or becoming unknown. ok is
// false when bv and av are not such a change of strings (a sensitive
// side, a collection), which attr writes itself.
func (d *differ) stringChange(bv, av cty.Value, indent int, suffix string) (text string, action plans.Action, ok bool) {
	bs, bok := plainString(bv)
	as, aok := plainString(av)
	switch {
	case bv.IsNull() && !bv.IsMarked() && aok:
		if quotedAsIs(as) {
			// Most lines of a plan of creates: no JSON, no heredoc.
			return strconv.Quote(as) + suffix, plans.Create, true
		}
		return stringDiff(d.c, plans.Create, nil, as, indent, jsonOpts{}, suffix), plans.Create, true
	case bok && av.IsNull() && av.IsKnown() && !av.IsMarked():
		return stringDiff(d.c, plans.Delete, bs, nil, indent, jsonOpts{noNullSuffix: d.noNullSuffix}, suffix), plans.Delete, true
	case bok && aok:
		return stringDiff(d.c, plans.Update, bs, as, indent, jsonOpts{}, suffix), plans.Update, true
	case bok && !av.IsKnown() && !av.IsMarked():
		before := stringDiff(d.c, plans.Delete, bs, nil, indent, jsonOpts{noNullSuffix: true}, "")
		return before + " -> " + knownAfterApply + suffix, plans.Update, true
	}
	return "", plans.NoOp, false
}

// quotedAsIs reports whether s is written as a quoted string: it holds no
// newline and does not start as JSON does.
func quotedAsIs(s string) bool {
	return (s == "" || s[0] != '{' && s[0] != '[') && !strings.Contains(s, "\n")
}
