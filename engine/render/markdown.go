package render

import (
	"fmt"
	"strings"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/policy"
)

// DefaultCommentLimit is GitHub's limit on the size of a comment body.
const DefaultCommentLimit = 65536

// CommentInput is what a pull-request comment shows: one stack's plan at
// one commit, or the errors that stopped it.
type CommentInput struct {
	// Stack names the stack; Commit is the planned commit; Source where
	// the configuration came from (a repository and path).
	Stack, Commit, Source string
	// Plan is the plan to show; nil when planning failed before one was
	// made.
	Plan *plans.Plan
	// Errors are the diagnostics that stopped planning, as text.
	Errors []string
	// RunURL links to the run on the agent's dashboard, where the full
	// plan is; the truncation note points there.
	RunURL string
	// Schemas gives each change's schema block, so that nested blocks
	// render as blocks; nil renders them as values.
	Schemas Schemas
	// Limit is the largest comment, in bytes (and so in characters);
	// 0 means DefaultCommentLimit.
	Limit int
	// Policy is the result of the stack's policy check; nil when the
	// stack has no policies or none were checked.
	Policy *policy.Result
}

// PRComment renders a plan as a Markdown pull-request comment: a heading
// naming the stack and commit, a summary table (or "No changes", or the
// errors), a call-out of every resource destroyed or replaced, then each
// change, the output changes and the drift in collapsible sections with
// diff-highlighted bodies. Sensitive values are redacted as in the human
// plan. When everything does not fit in Limit, the heading, summary and
// call-outs are kept, as many changes as fit follow, and a note says how
// many are shown and links RunURL. The result is never empty and its
// fences and <details> tags are balanced even when truncated. The hidden
// marker that finds the comment again is the caller's to add (and to
// subtract from Limit).
func PRComment(in CommentInput) string {
	limit := in.Limit
	if limit <= 0 {
		limit = DefaultCommentLimit
	}
	in.Stack = clipBytes(oneLine(in.Stack), maxNameBytes)
	in.Commit = clipBytes(oneLine(in.Commit), maxNameBytes)
	in.Source = clipBytes(oneLine(in.Source), maxNameBytes)
	in.RunURL = clipBytes(oneLine(in.RunURL), maxURLBytes)
	parts := commentParts(in, limit)
	head := parts.head(limit)
	out := head + parts.details(limit-len(head))
	if len(out) > limit {
		// Only a limit too small for the heading and summary gets here.
		out = clipBytes(parts.heading+parts.note(0, 0, false), limit)
	}
	return out
}

// commentSections holds the pieces of a comment before they are fitted
// into the size limit.
type commentSections struct {
	heading   string   // title, source and run link
	summary   string   // table, "No changes", or errors
	destroys  []string // call-out lines, one per destroyed or replaced resource
	callTitle string
	changes   []string // one <details> block per resource change
	outputs   string   // one <details> block, or ""
	drift     []string // drift entries (diff text), wrapped at fit time
	driftNote string   // summary of the drift <details>
	runURL    string
}

func commentParts(in CommentInput, limit int) *commentSections {
	s := &commentSections{heading: heading(in), summary: summary(in, limit/4) + policySection(in.Policy, limit/4), runURL: in.RunURL}
	p := in.Plan
	if p == nil {
		return s
	}
	s.callTitle, s.destroys = callOuts(p)
	for _, rc := range actionable(p.Changes) {
		s.changes = append(s.changes, changeBlock(rc, in.Schemas.of(rc)))
	}
	s.outputs = outputsBlock(p)
	for _, rc := range p.Drift {
		s.drift = append(s.drift, driftEntry(rc, in.Schemas))
	}
	if n := len(p.Drift); n > 0 {
		s.driftNote = fmt.Sprintf("Drift: %d %s changed outside trueup", n, plural(n, "object"))
	}
	return s
}

// heading names the stack and the commit, and where they came from.
func heading(in CommentInput) string {
	var b strings.Builder
	title := "trueup plan"
	if in.Plan != nil && in.Plan.Mode == plans.RefreshOnlyMode {
		title = "trueup drift check"
	}
	stack := in.Stack
	if stack == "" {
		stack = "(unnamed stack)"
	}
	fmt.Fprintf(&b, "### %s for %s", title, code(stack))
	if in.Commit != "" {
		fmt.Fprintf(&b, " at %s", code(shortSHA(in.Commit)))
	}
	b.WriteString("\n\n")
	var meta []string
	if in.Commit != "" {
		meta = append(meta, "Commit "+code(in.Commit))
	}
	if in.Source != "" {
		meta = append(meta, "source "+code(in.Source))
	}
	if in.RunURL != "" {
		meta = append(meta, "run "+in.RunURL)
	}
	if len(meta) > 0 {
		b.WriteString(strings.Join(meta, " · ") + "\n\n")
	}
	return b.String()
}

// summary is the table of counts, "No changes", or the errors.
// Errors take at most errBudget bytes.
func summary(in CommentInput, errBudget int) string {
	var b strings.Builder
	p := in.Plan
	if len(in.Errors) > 0 {
		fmt.Fprintf(&b, "**Planning failed** with %d %s:\n\n", len(in.Errors), plural(len(in.Errors), "error"))
		b.WriteString(fenced("text", clipBytes(strings.Join(in.Errors, "\n\n"), errBudget)))
		b.WriteString("\n")
		if p != nil && len(actionable(p.Changes)) > 0 {
			b.WriteString("The plan below is incomplete.\n\n")
		}
	}
	switch {
	case p == nil && len(in.Errors) == 0:
		b.WriteString("**No plan was produced**, and no error was reported. See the run log.\n\n")
	case p == nil:
	case p.Mode == plans.RefreshOnlyMode && len(p.Drift) == 0:
		b.WriteString("**No drift.** The infrastructure still matches the state.\n\n")
	case p.Mode == plans.RefreshOnlyMode:
		fmt.Fprintf(&b, "**%d %s changed outside trueup.**\n\n", len(p.Drift), plural(len(p.Drift), "object"))
	default:
		b.WriteString(countsTable(in.Stack, p))
		if !p.HasChanges() && len(in.Errors) == 0 {
			b.WriteString("**No changes.** The infrastructure matches the configuration.\n\n")
		} else if len(actionable(p.Changes)) == 0 && hasOutputChanges(p) {
			b.WriteString("Only output values change.\n\n")
		}
	}
	return b.String()
}

// countsTable is the one-row table of adds, changes, destroys and
// replaces; a replace counts only as a replace.
func countsTable(stack string, p *plans.Plan) string {
	var add, change, destroy, replace int
	for _, rc := range p.Changes {
		switch {
		case rc.Action == plans.Create:
			add++
		case rc.Action == plans.Update:
			change++
		case rc.Action == plans.Delete:
			destroy++
		case rc.Action.IsReplace():
			replace++
		}
	}
	return "| stack | add | change | destroy | replace |\n| --- | ---: | ---: | ---: | ---: |\n" +
		fmt.Sprintf("| %s | %d | %d | %d | %d |\n\n", code(stack), add, change, destroy, replace)
}

// callOuts lists every resource the plan destroys or replaces.
func callOuts(p *plans.Plan) (string, []string) {
	var destroyed, replaced int
	var lines []string
	for _, rc := range p.Changes {
		switch {
		case rc.Action == plans.Delete:
			destroyed++
			lines = append(lines, "- "+code(changeAddr(rc))+" will be **destroyed**\n")
		case rc.Action.IsReplace():
			replaced++
			lines = append(lines, "- "+code(changeAddr(rc))+" will be **replaced**"+replaceOrder(rc.Action)+"\n")
		}
	}
	if len(lines) == 0 {
		return "", nil
	}
	var what []string
	if destroyed > 0 {
		what = append(what, fmt.Sprintf("destroys %d %s", destroyed, plural(destroyed, "resource")))
	}
	if replaced > 0 {
		what = append(what, fmt.Sprintf("replaces %d %s", replaced, plural(replaced, "resource")))
	}
	return fmt.Sprintf("**Warning: this plan %s:**\n\n", strings.Join(what, " and ")), lines
}

func replaceOrder(a plans.Action) string {
	if a == plans.CreateThenDelete {
		return " (create, then destroy)"
	}
	return " (destroy, then create)"
}
