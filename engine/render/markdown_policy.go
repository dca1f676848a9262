package render

import (
	"fmt"
	"strings"

	"github.com/trueup/trueup/engine/policy"
)

// maxFindingBytes bounds one policy message in a comment.
const maxFindingBytes = 300

// policySection renders a policy check for a pull-request comment: a
// one-line verdict and a table of the failures and warnings, each with
// its rule, resource and message, within budget bytes (the table is cut
// with a note when it does not fit).
func policySection(r *policy.Result, budget int) string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	switch {
	case r.Failed():
		fmt.Fprintf(&b, "**Policy check failed**: %d %s, %d %s. The apply is blocked until the policies pass.\n\n",
			len(r.Failures), plural(len(r.Failures), "failure"), len(r.Warnings), plural(len(r.Warnings), "warning"))
	case len(r.Warnings) > 0:
		fmt.Fprintf(&b, "**Policy check passed** with %d %s.\n\n", len(r.Warnings), plural(len(r.Warnings), "warning"))
	default:
		fmt.Fprintf(&b, "**Policy check passed** (%d %s).\n\n", r.Passed, plural(r.Passed, "rule"))
		return b.String()
	}
	b.WriteString("| | Rule | Resource | Message |\n|---|---|---|---|\n")
	rows := make([]string, 0, len(r.Failures)+len(r.Warnings))
	for _, f := range r.Failures {
		rows = append(rows, findingRow("❌", f))
	}
	for _, f := range r.Warnings {
		rows = append(rows, findingRow("⚠️", f))
	}
	for i, row := range rows {
		if b.Len()+len(row) > budget-64 {
			fmt.Fprintf(&b, "\n… and %d more (see the run log).\n", len(rows)-i)
			break
		}
		b.WriteString(row)
	}
	b.WriteString("\n")
	return b.String()
}

func findingRow(mark string, f policy.Finding) string {
	addr := ""
	if f.Address != "" {
		addr = code(clipBytes(oneLine(f.Address), maxNameBytes))
	}
	return fmt.Sprintf("| %s | `%s.%s` | %s | %s |\n", mark, cell(f.Namespace), cell(f.Rule), addr,
		cell(clipBytes(oneLine(f.Message), maxFindingBytes)))
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "`", "'", "<", "&lt;", ">", "&gt;").Replace(s)
}
