package modinstall

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/modsrc"
)

// at is "FILE:LINE" of the module block, as Terraform's details say it.
func at(c Call) string {
	return fmt.Sprintf("%s:%d", c.DeclRange.Filename, c.DeclRange.Start.Line)
}

// downloadFailed names the call, its source and the cause.
func downloadFailed(c Call, source string, err error) *hcl.Diagnostic {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return interrupted(c)
	}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Failed to download module",
		Detail:  fmt.Sprintf("Could not download module %q (%s) source code from %q: %s.", c.Name, at(c), modsrc.Redact(source), err),
		Subject: c.SourceRange.Ptr()}
}

// interrupted is the error for a cancelled installation.
func interrupted(c Call) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module installation was interrupted",
		Detail:  fmt.Sprintf("Installation of module %q (%s) was cancelled; nothing was installed.", c.Name, at(c)),
		Subject: c.SourceRange.Ptr()}
}
