package web

import "strings"

// planLine is one line of a plan's text with the action it shows, so that
// the page colours changes as a terminal would.
type planLine struct {
	Class string
	Text  string
}

// headVerbs are the endings of a resource's heading line ("# x will be
// created") and the action each names.
var headVerbs = []struct{ verb, action string }{
	{"will be created", actionCreate},
	{"will be destroyed", actionDelete},
	{"will be updated in-place", actionUpdate},
	{"must be replaced", actionReplace},
	{"will be replaced", actionReplace},
	{"will be read during apply", actionRead},
	{"has changed", actionUpdate},
	{"has been deleted", actionDelete},
}

// planLines splits a plan's text into lines classed by action: headings
// and attribute lines by their marker (+, -, ~, -/+, <=), the summary
// line apart.
func planLines(text string) []planLine {
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	out := make([]planLine, len(lines))
	for i, l := range lines {
		out[i] = planLine{Class: lineClass(l), Text: l}
	}
	return out
}

func lineClass(l string) string {
	t := strings.TrimLeft(l, " ")
	if strings.HasPrefix(t, "# ") {
		for _, h := range headVerbs {
			if strings.Contains(t, h.verb) {
				return "pl-head pl-" + h.action
			}
		}
		return "pl-head"
	}
	switch {
	case strings.HasPrefix(t, "Plan:"), strings.HasPrefix(t, "No changes."), strings.HasPrefix(t, "Changes to Outputs:"):
		return "pl-summary"
	case strings.HasPrefix(t, "-/+ "), strings.HasPrefix(t, "+/- "):
		return "pl-replace"
	case strings.HasPrefix(t, "<= "):
		return "pl-read"
	case strings.HasPrefix(t, "+ ") || t == "+":
		return "pl-create"
	case strings.HasPrefix(t, "- ") || t == "-":
		return "pl-delete"
	case strings.HasPrefix(t, "~ "):
		return "pl-update"
	}
	return ""
}
