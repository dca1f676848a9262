package render

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Consolidate groups the diagnostics that repeat one cause, as Terraform's
// CLI does (tfdiags.Consolidate with a threshold of 1, for warnings and
// errors alike): of the diagnostics with a source location that share a
// severity and a summary, the first is kept, in its place, and its detail
// ends with "(and one more similar warning elsewhere)" or "(and N more
// similar errors elsewhere)"; the others are dropped. Diagnostics without a
// location are grouped only with exact repeats (same summary and detail).
// A stack whose 10,000 resources share one problem thus prints it once,
// and the cost is linear in len(diags). The input is not modified.
//
// It is for human output: JSON output lists every diagnostic.
func Consolidate(diags hcl.Diagnostics) hcl.Diagnostics {
	type key struct {
		severity        hcl.DiagnosticSeverity
		summary, detail string
	}
	out := make(hcl.Diagnostics, 0, len(diags))
	first := make(map[key]int) // index in out of a group's first diagnostic
	extra := make(map[int]int) // index in out -> diagnostics dropped into it
	for _, d := range diags {
		if d == nil {
			continue
		}
		k := key{severity: d.Severity, summary: d.Summary}
		if d.Subject == nil {
			k.detail = d.Detail
		}
		if i, ok := first[k]; ok {
			extra[i]++
			continue
		}
		first[k] = len(out)
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
