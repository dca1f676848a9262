package modinstall

import (
	"context"
	"errors"
	"strings"

	version "github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/modsrc"
)

// versionStillMeets reports whether an installed version (or none)
// satisfies the call's constraint (or none).
func versionStillMeets(installed, constraint string) bool {
	if constraint == "" {
		return true
	}
	cons, err := version.NewConstraint(constraint)
	v, verr := version.NewVersion(installed)
	return err == nil && verr == nil && cons.Check(v)
}

// selectVersion picks the newest version of the module that meets the
// call's constraint, ignoring pre-releases unless the constraint names
// one, as Terraform does.
func (in *installer) selectVersion(ctx context.Context, c Call, s modsrc.Registry) (string, bool) {
	var cons version.Constraints
	if c.Version != "" {
		var err error
		if cons, err = version.NewConstraint(c.Version); err != nil {
			in.diags = append(in.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid version constraint",
				Detail: "This string does not use correct version constraint syntax.", Subject: c.VersionRange.Ptr()})
			return "", false
		}
	}
	available, d := in.availableVersions(ctx, c, s)
	if d != nil {
		in.diags = append(in.diags, d)
		return "", false
	}
	var latest, match *version.Version
	for _, raw := range available {
		v, err := version.NewVersion(raw)
		if err != nil {
			in.diags = append(in.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Invalid response from remote module registry",
				Detail:  "The registry at " + s.Host + " returned an invalid version string \"" + raw + "\" for module \"" + c.Name + "\" (" + at(c) + "), which trueup ignored.",
				Subject: c.SourceRange.Ptr()})
			continue
		}
		if v.Prerelease() != "" && !strings.Contains(c.Version, "-") {
			continue
		}
		if latest == nil || v.GreaterThan(latest) {
			latest = v
		}
		if cons.Check(v) && (match == nil || v.GreaterThan(match)) {
			match = v
		}
	}
	return in.chosen(c, s, latest, match)
}

// chosen reports a constraint nothing meets.
func (in *installer) chosen(c Call, s modsrc.Registry, latest, match *version.Version) (string, bool) {
	switch {
	case latest == nil:
		in.diags = append(in.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module has no versions",
			Detail:  "Module \"" + c.Name + "\" (" + at(c) + ") has no versions available on " + s.Host + ".",
			Subject: c.SourceRange.Ptr()})
		return "", false
	case match == nil:
		in.diags = append(in.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unresolvable module version constraint",
			Detail:  "There is no available version of module \"" + c.Name + "\" (" + at(c) + ") from " + s.String() + " which matches the given version constraint \"" + c.Version + "\". The newest available version is " + latest.String() + ".",
			Subject: c.VersionRange.Ptr()})
		return "", false
	}
	return match.String(), true
}

// availableVersions lists the registry's versions, once per package.
func (in *installer) availableVersions(ctx context.Context, c Call, s modsrc.Registry) ([]string, *hcl.Diagnostic) {
	if vs, ok := in.versions[s.Package()]; ok {
		return vs, nil
	}
	vs, err := in.opts.Registry.Versions(ctx, s)
	switch {
	case errors.Is(err, getmodules.ErrNotFound):
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module not found",
			Detail:  "Module " + s.Package() + " (\"" + c.Name + "\" from " + at(c) + ") cannot be found in the module registry at " + s.Host + ".",
			Subject: c.SourceRange.Ptr()}
	case errors.Is(err, context.Canceled):
		return nil, interrupted(c)
	case err != nil:
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Error accessing remote module registry",
			Detail:  "Failed to retrieve available versions for module \"" + c.Name + "\" (" + at(c) + ") from " + s.Host + ": " + err.Error() + ".",
			Subject: c.SourceRange.Ptr()}
	}
	in.versions[s.Package()] = vs
	return vs, nil
}
