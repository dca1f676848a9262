package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// OutputValue formats an output value as `terraform output` and the
// "Outputs:" list after apply print it: Terraform-language syntax with
// two-space indentation, quoted keys, and tolist/toset/tomap around
// values whose type a literal would not give, so that what is printed
// says exactly what type the value has.
func OutputValue(v cty.Value) string { return outputValue(v, 0) }

func outputValue(v cty.Value, indent int) string {
	if isSensitive(v) {
		return "(sensitive value)"
	}
	if v.HasMark(ephemeralMark) {
		return ephemeralValue
	}
	v, _ = v.Unmark()
	if !v.IsKnown() {
		return knownAfterApply
	}
	ty := v.Type()
	if v.IsNull() {
		return typedNull(ty)
	}
	switch {
	case ty == cty.String:
		if s, ok := heredoc(v.AsString(), indent); ok {
			return s
		}
		return strconv.Quote(v.AsString())
	case ty == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case ty == cty.Bool:
		return strconv.FormatBool(v.True())
	case ty.IsObjectType():
		return outputMapping(v, indent)
	case ty.IsTupleType():
		return outputSequence(v, indent)
	case ty.IsListType():
		return "tolist(" + outputSequence(v, indent) + ")"
	case ty.IsSetType():
		return "toset(" + outputSequence(v, indent) + ")"
	case ty.IsMapType():
		return "tomap(" + outputMapping(v, indent) + ")"
	}
	return v.GoString()
}

// typedNull names a null's type where the type is not dynamic.
func typedNull(ty cty.Type) string {
	switch {
	case ty == cty.DynamicPseudoType:
		return "null"
	case ty == cty.String:
		return "tostring(null)"
	case ty == cty.Number:
		return "tonumber(null)"
	case ty == cty.Bool:
		return "tobool(null)"
	case ty.IsListType():
		return "tolist(null) /* of " + ty.ElementType().FriendlyName() + " */"
	case ty.IsSetType():
		return "toset(null) /* of " + ty.ElementType().FriendlyName() + " */"
	case ty.IsMapType():
		return "tomap(null) /* of " + ty.ElementType().FriendlyName() + " */"
	}
	return "null /* " + ty.FriendlyName() + " */"
}

// heredoc writes a multi-line string as a heredoc whose delimiter no line
// of the string equals; indented heredocs (<<-) inside collections.
func heredoc(s string, indent int) (string, bool) {
	lines := strings.Split(s, "\n")
	if len(lines) < 2 {
		return "", false
	}
	op := "<<"
	if indent > 0 {
		op = "<<-"
	}
	delim := "EOT"
	for clashes(lines, delim) {
		delim += "_"
	}
	var b strings.Builder
	b.WriteString(op + delim)
	for _, l := range lines {
		b.WriteString("\n" + strings.Repeat(" ", indent) + l)
	}
	b.WriteString("\n" + strings.Repeat(" ", indent) + delim)
	return b.String(), true
}

func clashes(lines []string, delim string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) == delim {
			return true
		}
	}
	return false
}

func outputMapping(v cty.Value, indent int) string {
	var b strings.Builder
	b.WriteByte('{')
	n := 0
	for it := v.ElementIterator(); it.Next(); n++ {
		k, ev := it.Element()
		fmt.Fprintf(&b, "\n%s%s = %s", strings.Repeat(" ", indent+2), outputValue(k, indent+2), outputValue(ev, indent+2))
	}
	if n > 0 {
		b.WriteString("\n" + strings.Repeat(" ", indent))
	}
	b.WriteByte('}')
	return b.String()
}

func outputSequence(v cty.Value, indent int) string {
	var b strings.Builder
	b.WriteByte('[')
	n := 0
	for it := v.ElementIterator(); it.Next(); n++ {
		_, ev := it.Element()
		fmt.Fprintf(&b, "\n%s%s,", strings.Repeat(" ", indent+2), outputValue(ev, indent+2))
	}
	if n > 0 {
		b.WriteString("\n" + strings.Repeat(" ", indent))
	}
	b.WriteByte(']')
	return b.String()
}
