package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/plans"
)

const (
	knownAfterApply = "(known after apply)"
	sensitiveValue  = "(sensitive value)"
	sensitiveMark   = "sensitive"
	ephemeralValue  = "(ephemeral value)"
	ephemeralMark   = "ephemeral" // lang.Ephemeral
)

// isSensitive reports whether v itself carries the sensitive mark.
func isSensitive(v cty.Value) bool { return v.HasMark(sensitiveMark) }

// formatValue renders a value in HCL-like syntax at the given indent,
// redacting sensitive values and showing unknowns as (known after apply).
func formatValue(v cty.Value, indent int) string {
	if isSensitive(v) {
		return sensitiveValue
	}
	v, _ = v.Unmark()
	if !v.IsKnown() {
		return knownAfterApply
	}
	if v.IsNull() {
		return "null"
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		s := v.AsString()
		return stringDiff(NoColor, plans.NoOp, s, s, indent-2, jsonOpts{showUnchanged: true}, "")
	case ty == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case ty == cty.Bool:
		return strconv.FormatBool(v.True())
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		if v.LengthInt() == 0 {
			return "[]"
		}
		var b strings.Builder
		b.WriteString("[\n")
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			fmt.Fprintf(&b, "%s%s,\n", pad(indent+4), formatValue(ev, indent+4))
		}
		b.WriteString(pad(indent) + "]")
		return b.String()
	case ty.IsMapType() || ty.IsObjectType():
		if v.LengthInt() == 0 {
			return "{}"
		}
		keys, vals := sortedEntries(v)
		if ty.IsObjectType() {
			// As Terraform writes objects: null attributes left out.
			keys, vals = nonNullEntries(keys, vals)
			if len(keys) == 0 {
				return "{}"
			}
		}
		width := keyWidth(keys, ty.IsMapType())
		var b strings.Builder
		b.WriteString("{\n")
		for i, k := range keys {
			fmt.Fprintf(&b, "%s%-*s = %s\n", pad(indent+4), width, formatKey(k, ty.IsMapType()), formatValue(vals[i], indent+4))
		}
		b.WriteString(pad(indent) + "}")
		return b.String()
	}
	return fmt.Sprintf("%#v", v)
}

// formatKey is a map's key (quoted) or an object's attribute name (bare
// when it is an identifier) as a plan writes it.
func formatKey(k string, quoted bool) string {
	if quoted {
		return strconv.Quote(k)
	}
	return attributeName(k)
}

func keyWidth(keys []string, quoted bool) int {
	w := 0
	for _, k := range keys {
		if n := len(formatKey(k, quoted)); n > w {
			w = n
		}
	}
	return w
}

func sortedEntries(v cty.Value) ([]string, []cty.Value) {
	m := v.AsValueMap()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	vals := make([]cty.Value, len(keys))
	for i, k := range keys {
		vals[i] = m[k]
	}
	return keys, vals
}

func pad(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(spaces) {
		return spaces[:n] // no allocation for the indents of every line
	}
	return strings.Repeat(" ", n)
}

// spaces are the indents pad returns without allocating.
const spaces = "                                                                "

// Value renders a value as the human plan shows it: HCL-like, sensitive
// values redacted, unknown values as (known after apply).
func Value(v cty.Value) string { return formatValue(v, 0) }
