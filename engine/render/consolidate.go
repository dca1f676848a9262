package render

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

// WarningThreshold is how many located warnings of one summary
// Consolidate prints before it groups the rest into the last one printed.
const WarningThreshold = 5

// Consolidate groups the diagnostics that repeat one cause. Exact repeats
// (same severity, summary, detail and object, addrs.DiagnosticObject)
// are always grouped into the first;
// located warnings that share a summary are grouped after the first
// WarningThreshold, as Terraform's CLI groups them (tfdiags.Consolidate).
// A group keeps its first diagnostic, in its place, whose detail ends with
// Terraform's words: "(and one more similar warning elsewhere)" or "(and N
// more similar errors elsewhere)". A stack whose 10,000 resources share one
// problem thus prints it once, and the cost is linear in len(diags). The
// input is not modified.
//
// It is for human output: JSON output lists every diagnostic.
func Consolidate(diags hcl.Diagnostics) hcl.Diagnostics {
	type key struct {
		severity                hcl.DiagnosticSeverity
		summary, detail, object string
		bySummary               bool
	}
	out := make(hcl.Diagnostics, 0, len(diags))
	group := make(map[key]int) // index in out of a group's first diagnostic
	seen := make(map[key]int)  // located warnings seen per summary
	extra := make(map[int]int) // index in out -> diagnostics dropped into it
	for _, d := range diags {
		if d == nil {
			continue
		}
		exact := key{severity: d.Severity, summary: d.Summary, detail: d.Detail, object: addrs.DiagnosticObject(d)}
		bySummary := key{severity: d.Severity, summary: d.Summary, bySummary: true}
		if i, ok := group[exact]; ok {
			extra[i]++
			continue
		}
		if i, ok := group[bySummary]; ok {
			extra[i]++
			continue
		}
		group[exact] = len(out)
		if d.Severity == hcl.DiagWarning && d.Subject != nil {
			if seen[bySummary]++; seen[bySummary] == WarningThreshold {
				group[bySummary] = len(out)
			}
		}
		out = append(out, d)
	}
	for i, n := range extra {
		c := *out[i]
		c.Detail = withSimilar(c.Detail, c.Severity, n)
		out[i] = &c
	}
	return out
}

// withSimilar appends Terraform's sentence counting n similar diagnostics.
func withSimilar(detail string, severity hcl.DiagnosticSeverity, n int) string {
	kind := "error"
	if severity == hcl.DiagWarning {
		kind = "warning"
	}
	msg := fmt.Sprintf("(and %d more similar %ss elsewhere)", n, kind)
	if n == 1 {
		msg = fmt.Sprintf("(and one more similar %s elsewhere)", kind)
	}
	if detail == "" {
		return msg
	}
	return detail + "\n\n" + msg
}
