package modsdir

import (
	"fmt"
	"os"
	"path/filepath"

	version "github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/modsrc"
)

// Call is a module block as installation and lookup see it.
type Call struct {
	// Name is the block's label.
	Name string
	// Source and Version are the arguments' literal values ("" when
	// absent).
	Source, Version string
	// SourceRange and VersionRange are the arguments' expressions;
	// DeclRange is the block header (`module "net"`).
	SourceRange, VersionRange, DeclRange hcl.Range
}

// initAdvice ends every "not installed" detail.
const initAdvice = `Run "trueup init" to install all modules required by this configuration.`

// Resolve returns the directory, relative to the stack directory (or
// absolute, see Dir), of the module installed for call at path (the call names from the root down
// to and including call.Name). It checks, with Terraform's diagnostics,
// that the module is installed, that its source is still the one
// installed, and that the installed version still meets the constraint.
// stackDir is used only to check that the directory exists.
func (m Manifest) Resolve(stackDir string, path []string, call Call) (string, hcl.Diagnostics) {
	src, diags := modsrc.ParseCall(call.Source, call.Version != "", call.SourceRange)
	if diags.HasErrors() {
		return "", diags
	}
	rec, ok := m[Key(path)]
	if !ok {
		return "", notInstalled(call, "This module is not yet installed. "+initAdvice)
	}
	if rec.Source != src.String() {
		return "", hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Module source has changed",
			Detail:   "The source address was changed since this module was installed. " + initAdvice,
			Subject:  call.SourceRange.Ptr(),
		}}
	}
	if d := checkVersion(rec, call); d != nil {
		return "", hcl.Diagnostics{d}
	}
	onDisk := rec.Dir
	if !filepath.IsAbs(onDisk) {
		onDisk = filepath.Join(stackDir, onDisk)
	}
	if info, err := os.Stat(onDisk); err != nil || !info.IsDir() {
		return "", notInstalled(call, fmt.Sprintf("This module's local cache directory %s could not be read. %s", rec.Dir, initAdvice))
	}
	return rec.Dir, nil
}

// checkVersion reports a recorded version that the call's constraint no
// longer accepts.
func checkVersion(rec Record, call Call) *hcl.Diagnostic {
	if call.Version == "" {
		return nil
	}
	detail := "The version requirements have changed since this module was installed and the installed version is no longer acceptable. " + initAdvice
	cons, cerr := version.NewConstraint(call.Version)
	v, verr := version.NewVersion(rec.Version)
	switch {
	case cerr != nil:
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid version constraint",
			Detail: "This string does not use correct version constraint syntax.", Subject: call.VersionRange.Ptr()}
	case verr == nil && cons.Check(v):
		return nil
	case verr == nil:
		detail = fmt.Sprintf("The version requirements have changed since this module was installed and the installed version (%s) is no longer acceptable. %s", v, initAdvice)
	}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module version requirements have changed",
		Detail: detail, Subject: call.SourceRange.Ptr()}
}

// notInstalled is the diagnostic on the module block's header.
func notInstalled(call Call, detail string) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Module not installed",
		Detail:   detail,
		Subject:  call.DeclRange.Ptr(),
	}}
}
