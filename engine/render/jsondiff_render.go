package render

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/engine/plans"
)

// jsonOpts are Terraform's rendering options that a value passes to the
// values inside it.
type jsonOpts struct {
	// noNullSuffix leaves " -> null" off a deleted value: what holds it
	// says so, or it is inside a JSON document.
	noNullSuffix bool
	// showUnchanged writes unchanged attributes and elements instead of
	// counting them.
	showUnchanged bool
}

// actionSymbols are the symbols of a palette's actions, each with the
// space after it, as Terraform writes them before a line of a diff.
type actionSymbols struct{ create, delete, update string }

func (c Colors) symbols() actionSymbols {
	return actionSymbols{c.wrap(c.Green, "+") + " ", c.wrap(c.Red, "-") + " ", c.wrap(c.Yellow, "~") + " "}
}

// The symbols of the two palettes in use, made once: a plan writes one
// for each of its lines.
var noColorSymbols, ansiSymbols = NoColor.symbols(), ANSI.symbols()

// actionSymbol is the diff symbol of action and the space after it.
func (c Colors) actionSymbol(action plans.Action) string {
	var s actionSymbols
	switch c {
	case NoColor:
		s = noColorSymbols
	case ANSI:
		s = ansiSymbols
	default:
		s = c.symbols()
	}
	switch action {
	case plans.Create:
		return s.create
	case plans.Delete:
		return s.delete
	case plans.Update:
		return s.update
	}
	return "  "
}

func (o jsonOpts) nullSuffix(action plans.Action) string {
	if action == plans.Delete && !o.noNullSuffix {
		return " -> null"
	}
	return ""
}

// render writes n, whose first line starts at symbol column col (where
// the line's diff symbol is): the lines inside it at col+4, its closing
// bracket at col+2.
func (n *jsonNode) render(c Colors, col int, o jsonOpts) string {
	switch n.kind {
	case jsonObject:
		return n.renderObject(c, col, o)
	case jsonArray:
		return n.renderArray(c, col, o, true)
	case jsonSet:
		return n.renderArray(c, col, o, false)
	case jsonTypeChange:
		o.noNullSuffix = true
		return n.from.render(c, col, o) + " -> " + n.to.render(c, col, o)
	}
	if isString(n.before) || isString(n.after) {
		return stringDiff(c, n.action, n.before, n.after, col, o, "")
	}
	b, a := jsonScalar(n.before), jsonScalar(n.after)
	switch n.action {
	case plans.Create:
		return a
	case plans.Delete:
		return b + o.nullSuffix(n.action)
	case plans.NoOp:
		return b
	}
	return b + " -> " + a
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// jsonScalar writes a JSON number, bool or null.
func jsonScalar(v any) string {
	switch v := v.(type) {
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case string:
		return strconv.Quote(v)
	}
	return "null"
}

// attributeName is name as an object's attribute is written: bare when it
// is an identifier, else quoted.
func attributeName(name string) string {
	if validIdentifier(name) {
		return name
	}
	return strconv.Quote(name)
}

// validIdentifier is hclsyntax.ValidIdentifier, which runs HCL's scanner
// and allocates, decided without it for ASCII names: a letter or _, then
// letters, digits, _ and -. Every object attribute of a plan's text is
// checked, and nearly all are ASCII.
func validIdentifier(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= utf8.RuneSelf:
			return hclsyntax.ValidIdentifier(name)
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && (c == '-' || '0' <= c && c <= '9'):
		default:
			return false
		}
	}
	return name != ""
}

func (n *jsonNode) renderObject(c Colors, col int, o jsonOpts) string {
	if len(n.attrs) == 0 {
		return "{}" + o.nullSuffix(n.action)
	}
	keys := make([]string, 0, len(n.attrs))
	width := 0
	for k := range n.attrs {
		keys = append(keys, k)
		width = max(width, len(attributeName(k)))
	}
	sort.Strings(keys)
	inner := o
	inner.noNullSuffix = true
	var b strings.Builder
	b.WriteString("{\n")
	hidden := 0
	for _, k := range keys {
		a := n.attrs[k]
		ao := inner
		switch {
		case importantAttributes[k]:
			ao.showUnchanged = true
		case a.action == plans.NoOp && !o.showUnchanged:
			hidden++
			continue
		}
		fmt.Fprintf(&b, "%s%s%-*s = %s\n", pad(col+4), c.actionSymbol(a.action), width, attributeName(k), a.render(c, col+4, ao))
	}
	if hidden > 0 {
		fmt.Fprintf(&b, "%s  # (%d unchanged %s hidden)\n", pad(col+4), hidden, plural(hidden, "attribute"))
	}
	b.WriteString(pad(col+2) + "}" + o.nullSuffix(n.action))
	return b.String()
}

// renderArray writes an array as Terraform's list renderer does: the
// changes, each with context (the unchanged element just before and just
// after it) when context is set, and the other unchanged elements
// counted. A typed set is written without context, as Terraform's set
// renderer does.
func (n *jsonNode) renderArray(c Colors, col int, o jsonOpts, context bool) string {
	if len(n.elems) == 0 {
		return "[]" + o.nullSuffix(n.action)
	}
	elemOpts := o
	elemOpts.noNullSuffix = true
	unchangedOpts := o
	unchangedOpts.showUnchanged = true
	var b strings.Builder
	b.WriteString("[\n")
	var unchanged []*jsonNode
	renderNext := false
	for _, e := range n.elems {
		if e.action == plans.NoOp && !renderNext && !o.showUnchanged {
			unchanged = append(unchanged, e)
			continue
		}
		renderNext = false
		eo := elemOpts
		if context {
			if len(unchanged) > 1 {
				fmt.Fprintf(&b, "%s  # (%d unchanged %s hidden)\n", pad(col+4), len(unchanged)-1, plural(len(unchanged)-1, "element"))
			}
			if len(unchanged) > 0 {
				last := unchanged[len(unchanged)-1]
				fmt.Fprintf(&b, "%s%s%s,\n", pad(col+4), c.actionSymbol(last.action), last.render(c, col+4, unchangedOpts))
			}
			unchanged = nil
			if e.action == plans.NoOp {
				eo = unchangedOpts
			} else {
				renderNext = true
			}
		}
		fmt.Fprintf(&b, "%s%s%s,\n", pad(col+4), c.actionSymbol(e.action), e.render(c, col+4, eo))
	}
	if len(unchanged) > 0 {
		fmt.Fprintf(&b, "%s  # (%d unchanged %s hidden)\n", pad(col+4), len(unchanged), plural(len(unchanged), "element"))
	}
	b.WriteString(pad(col+2) + "]" + o.nullSuffix(n.action))
	return b.String()
}

// stringDiff writes a string's change as Terraform does: a JSON object or
// array as jsonencode(...) of its diff, a multi-line string as a heredoc
// whose lines are diffed, any other as quoted strings. before and after
// are strings, or nil for a side that is null or missing; col is the
// symbol column of the line it starts on, and suffix (# forces
// replacement) goes after the value's first line where Terraform writes
// it.
func stringDiff(c Colors, action plans.Action, before, after any, col int, o jsonOpts, suffix string) string {
	if action != plans.Update {
		// One value, written whole: after, or before when it goes.
		side := after
		if action == plans.Delete {
			side = before
		}
		s := evalString(side)
		switch {
		case s.null:
			return s.simple() + suffix
		case s.json != nil:
			b, a := s, s
			switch action {
			case plans.Create:
				b = evaluatedString{}
			case plans.Delete:
				a = evaluatedString{}
			}
			return jsonStringDiff(c, action, b, a, col, o, suffix)
		case !s.multiline:
			return s.simple() + o.nullSuffix(action) + suffix
		}
		return heredocDiff(suffix, heredocLines(c, plans.NoOp, s.text, col), col, o.nullSuffix(action))
	}
	bs, as := evalString(before), evalString(after)
	switch {
	case bs.json != nil && as.json != nil:
		return jsonStringDiff(c, action, bs, as, col, o, suffix)
	case bs.json != nil || as.json != nil:
		// One side JSON and the other not: the old value deleted and the
		// new one created, each whole.
		inner := jsonOpts{noNullSuffix: true}
		return stringDiff(c, plans.Delete, before, nil, col, inner, "") + " -> " + stringDiff(c, plans.Create, nil, after, col, inner, "") + suffix
	case !bs.multiline && !as.multiline:
		return bs.simple() + " -> " + as.simple() + suffix
	}
	bl, al := strings.Split(bs.text, "\n"), strings.Split(as.text, "\n")
	var lines []string
	pairSlices(bl, al, func(string) bool { return false }, func(bi, ai int) {
		switch {
		case bi >= len(bl):
			lines = append(lines, pad(col+4)+c.actionSymbol(plans.Create)+al[ai])
		case ai >= len(al):
			lines = append(lines, pad(col+4)+c.actionSymbol(plans.Delete)+bl[bi])
		case bl[bi] != al[ai]:
			lines = append(lines, pad(col+4)+c.actionSymbol(plans.Delete)+bl[bi], pad(col+4)+c.actionSymbol(plans.Create)+al[ai])
		default:
			lines = append(lines, pad(col+4)+"  "+bl[bi])
		}
	})
	return heredocDiff(suffix, lines, col, "")
}

// heredocDiff is Terraform's <<-EOT of lines, closed at col+2.
func heredocDiff(suffix string, lines []string, col int, after string) string {
	return "<<-EOT" + suffix + "\n" + strings.Join(lines, "\n") + "\n" + pad(col+2) + "EOT" + after
}

// heredocLines are the lines of text, each with the symbol of action.
func heredocLines(c Colors, action plans.Action, text string, col int) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = pad(col+4) + c.actionSymbol(action) + l
	}
	return lines
}

// evaluatedString is a string as Terraform classifies it for display.
type evaluatedString struct {
	text      string
	json      any // the decoded document of a JSON object or array
	multiline bool
	null      bool
}

func evalString(v any) evaluatedString {
	s, ok := v.(string)
	if !ok {
		return evaluatedString{text: "null", null: true}
	}
	if j, ok := parseJSONDocument(s); ok {
		return evaluatedString{text: s, json: j}
	}
	if strings.Contains(s, "\n") {
		return evaluatedString{text: strings.TrimSpace(s), multiline: true}
	}
	return evaluatedString{text: s}
}

func (e evaluatedString) simple() string {
	if e.null {
		return e.text
	}
	return strconv.Quote(e.text)
}

// jsonStringDiff writes jsonencode(...) of the diff of two JSON strings'
// documents. A change of whitespace alone is "# whitespace changes".
func jsonStringDiff(c Colors, action plans.Action, before, after evaluatedString, col int, o jsonOpts, suffix string) string {
	d := jsonDiff(before.json, after.json, action != plans.Create, action != plans.Delete)
	inner := o
	inner.noNullSuffix = true
	symbol := action
	whitespace := ""
	if d.action == plans.NoOp && action == plans.Update {
		whitespace = " # whitespace changes"
		if suffix != "" {
			whitespace = " # whitespace changes force replacement"
		}
		suffix = ""
		inner.showUnchanged = true
		symbol = plans.NoOp
	}
	if action == plans.Create || action == plans.Delete {
		symbol = plans.NoOp
	}
	body := d.render(c, col+4, inner)
	if !strings.Contains(body, "\n") {
		return "jsonencode(" + body + ")" + whitespace + suffix
	}
	return "jsonencode(" + whitespace + "\n" + pad(col+4) + c.actionSymbol(symbol) + body + suffix + "\n" + pad(col+2) + ")" + o.nullSuffix(action)
}
