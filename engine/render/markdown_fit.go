package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Caps that keep pathological inputs from crowding out the summary.
const (
	maxNameBytes = 256  // stack, commit and source in the heading
	maxURLBytes  = 2048 // run URL
)

// head is the part of the comment always kept: heading, summary and the
// call-outs (of which as many as fit, should they alone pass the limit).
func (s *commentSections) head(limit int) string {
	var b strings.Builder
	b.WriteString(s.heading)
	b.WriteString(s.summary)
	if len(s.destroys) == 0 {
		return b.String()
	}
	b.WriteString(s.callTitle)
	room := limit - len(s.maxNote()) - b.Len() - 1
	for i, line := range s.destroys {
		rest := len(s.destroys) - i
		more := fmt.Sprintf("- …and %d more: see the full plan\n", rest)
		if rest > 1 && len(line)+len(more) > room || rest == 1 && len(line) > room {
			b.WriteString(more)
			break
		}
		b.WriteString(line)
		room -= len(line)
	}
	b.WriteString("\n")
	return b.String()
}

// details is the collapsible sections that fit in budget, followed by the
// truncation note when some did not.
func (s *commentSections) details(budget int) string {
	var all strings.Builder
	for _, c := range s.changes {
		all.WriteString(c)
	}
	all.WriteString(s.outputs)
	if len(s.drift) > 0 {
		all.WriteString(driftBlock(s.driftNote, s.drift))
	}
	if all.Len() <= budget {
		return all.String()
	}
	room := budget - len(s.maxNote())
	var b strings.Builder
	shown := 0
	for _, c := range s.changes {
		if b.Len()+len(c) <= room {
			b.WriteString(c)
			shown++
		}
	}
	outputsShown := s.outputs != "" && b.Len()+len(s.outputs) <= room
	if outputsShown {
		b.WriteString(s.outputs)
	}
	driftShown := s.fitDrift(&b, room)
	b.WriteString(s.note(shown, driftShown, outputsShown))
	return b.String()
}

// fitDrift writes as many drift entries as fit in room, in one section.
func (s *commentSections) fitDrift(b *strings.Builder, room int) int {
	if len(s.drift) == 0 {
		return 0
	}
	// An upper bound of the section's size without entries: the fence
	// can only be shorter for a subset.
	fence := max(3, longestRun(strings.Join(s.drift, "\n"), '`')+1)
	size := len(detailsBlock(s.driftNote+" (partial)", "")) + 2*fence + len("diff\n\n\n")
	var entries []string
	for _, e := range s.drift {
		if b.Len()+size+len(e)+1 > room {
			break
		}
		entries = append(entries, e)
		size += len(e) + 1
	}
	if len(entries) == 0 {
		return 0
	}
	summary := s.driftNote
	if len(entries) < len(s.drift) {
		summary += " (partial)"
	}
	b.WriteString(driftBlock(summary, entries))
	return len(entries)
}

// note says what was left out and where the full plan is.
func (s *commentSections) note(shown, driftShown int, outputsShown bool) string {
	var b strings.Builder
	b.WriteString("**Output truncated:")
	if len(s.changes) > 0 || len(s.drift) == 0 {
		fmt.Fprintf(&b, " %d of %d resource changes shown.", shown, len(s.changes))
	}
	if driftShown < len(s.drift) {
		fmt.Fprintf(&b, " %d of %d drifted objects shown.", driftShown, len(s.drift))
	}
	if s.outputs != "" && !outputsShown {
		b.WriteString(" Output changes not shown.")
	}
	b.WriteString("** ")
	if s.runURL != "" {
		b.WriteString("Full plan: " + s.runURL)
	} else {
		b.WriteString("Full plan: run `trueup plan` on this commit.")
	}
	b.WriteString("\n")
	return b.String()
}

// maxNote is the longest note the comment could need.
func (s *commentSections) maxNote() string {
	return s.note(len(s.changes), 0, false)
}

// clipBytes shortens s to at most n bytes on a rune boundary, marking the
// cut with an ellipsis.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:max(cut, 0)] + ellipsis
}
