package render

import (
	"strings"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/schema"
)

// changeBlock is one resource change as a collapsible diff.
func changeBlock(rc *plans.ResourceChange, block *schema.Block) string {
	var b strings.Builder
	Change(&b, rc, NoColor, block)
	summary := "<code>" + escapeHTML(changeAddr(rc)) + "</code> " + changeVerb(rc.Action)
	return detailsBlock(summary, fenced("diff", diffLines(b.String())))
}

// driftEntry is one drifted object's diff text, without the drift header
// that Drift writes before the first object.
func driftEntry(rc *plans.ResourceChange, schemas Schemas) string {
	var b strings.Builder
	Drift(&b, []*plans.ResourceChange{rc}, NoColor, schemas)
	text := b.String()
	if i := strings.Index(text, "\n  # "); i >= 0 {
		text = text[i+1:]
	}
	return diffLines(text)
}

// driftBlock wraps drift entries in one collapsible section.
func driftBlock(summary string, entries []string) string {
	return detailsBlock(escapeHTML(summary), fenced("diff", strings.Join(entries, "\n")))
}

// outputsBlock is the output changes as one collapsible diff, or "".
func outputsBlock(p *plans.Plan) string {
	if !hasOutputChanges(p) {
		return ""
	}
	var b strings.Builder
	for _, oc := range p.Outputs {
		outputChange(&b, oc, outputWidth(p), NoColor)
	}
	return detailsBlock("Changes to outputs", fenced("diff", diffLines(b.String())))
}

// escapeHTML escapes what would end or open a tag in a <summary>; quotes
// stay readable.
func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// detailsBlock is a <details> section around Markdown body. The blank
// lines around body let GitHub and GitLab render the fence inside.
func detailsBlock(summary, body string) string {
	return "<details><summary>" + summary + "</summary>\n\n" + body + "\n</details>\n\n"
}

func changeVerb(a plans.Action) string {
	switch a {
	case plans.Create:
		return "will be created"
	case plans.Update:
		return "will be updated in-place"
	case plans.DeleteThenCreate, plans.CreateThenDelete:
		return "will be replaced"
	case plans.Delete:
		return "will be destroyed"
	case plans.Read:
		return "will be read during apply"
	}
	return "is unchanged"
}

func changeAddr(rc *plans.ResourceChange) string {
	if rc.Deposed != "" {
		return rc.Addr.String() + " (deposed object " + rc.Deposed + ")"
	}
	return rc.Addr.String()
}

// diffLines moves each line's +, - and ~ marker (after the indentation) to
// the first column, ~ becoming !, so that a ```diff block colours the
// lines; widths stay the same. A heredoc's lines have their marker in a
// column of their own (heredocLines), which alone is moved: a line of its
// text that starts with "- " is text.
func diffLines(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	heredoc := -1 // the symbol column of the heredoc's lines, while in one
	for i, l := range lines {
		if heredoc >= 0 {
			if isHeredocEnd(l, heredoc-2) {
				heredoc = -1
			} else {
				lines[i] = heredocLine(l, heredoc)
			}
			continue
		}
		lines[i] = diffLine(l)
		if col, ok := heredocStart(l); ok {
			heredoc = col + 4
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// heredocStart reports whether l opens a heredoc (<<-EOT at its end, or
// before a "# forces replacement"), and the symbol column of l: where
// its marker is, or would be for an unchanged line.
func heredocStart(l string) (int, bool) {
	i := strings.LastIndex(l, "<<-EOT")
	if i < 0 {
		return 0, false
	}
	if after := l[i+len("<<-EOT"):]; after != "" && !strings.HasPrefix(after, " #") {
		return 0, false
	}
	rest := strings.TrimLeft(l, " ")
	col := len(l) - len(rest)
	if len(rest) < 2 || rest[1] != ' ' || !strings.ContainsRune("+-~", rune(rest[0])) {
		col -= 2
	}
	return col, true
}

// isHeredocEnd reports whether l closes a heredoc whose EOT is at column
// col.
func isHeredocEnd(l string, col int) bool {
	return len(l) > col && strings.TrimLeft(l[:col], " ") == "" && strings.HasPrefix(l[col:], "EOT")
}

// heredocLine moves the marker of a heredoc's line, in column col, to the
// first column.
func heredocLine(l string, col int) string {
	if len(l) < col+2 || l[col+1] != ' ' || strings.TrimLeft(l[:col], " ") != "" {
		return l
	}
	switch l[col] {
	case '+', '-':
		return l[col:col+1] + l[:col] + l[col+1:]
	}
	return l
}

func diffLine(l string) string {
	rest := strings.TrimLeft(l, " ")
	indent := l[:len(l)-len(rest)]
	if len(rest) < 2 || rest[1] != ' ' {
		return l
	}
	switch rest[0] {
	case '+', '-':
		return rest[:1] + indent + rest[1:]
	case '~':
		return "!" + indent + rest[1:]
	}
	return l
}

// fenced wraps body in a code fence longer than any run of backticks in
// it, so that no content can close the fence early.
func fenced(lang, body string) string {
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	return fence + lang + "\n" + body + fence + "\n"
}

// code is s as an inline code span on one line.
func code(s string) string {
	s = oneLine(s)
	delim := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return delim + s + delim
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// oneLine replaces line breaks with spaces.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// shortSHA abbreviates a full hexadecimal commit ID to 7 characters.
func shortSHA(s string) string {
	if len(s) != 40 && len(s) != 64 {
		return s
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdef", rune(s[i])) {
			return s
		}
	}
	return s[:7]
}
