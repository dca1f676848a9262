package lang

import "github.com/hashicorp/hcl/v2"

// redact drops the evaluation context from diagnostics whose context holds
// marked (sensitive) values. hcl's diagnostic printer renders the values
// of the variables an expression refers to ("with var.x as ..."), and it
// skips only values marked at the top level, so a sensitive value nested
// in an object could otherwise reach the terminal.
func redact(diags hcl.Diagnostics) hcl.Diagnostics {
	for _, d := range diags {
		if d.EvalContext != nil && contextHasMarks(d.EvalContext) {
			d.EvalContext = nil
		}
	}
	return diags
}

func contextHasMarks(evalCtx *hcl.EvalContext) bool {
	for c := evalCtx; c != nil; c = c.Parent() {
		for _, v := range c.Variables {
			if v.ContainsMarked() {
				return true
			}
		}
	}
	return false
}
