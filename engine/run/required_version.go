package run

import (
	"fmt"
	"sync"

	version "github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/config"
	trueupversion "github.com/trueup/trueup/engine/version"
)

// requiredVersionWarnings warns of each module's required_version that
// no Terraform release from 1.0 up to the one whose language trueup
// follows (version.Terraform) satisfies: the configuration asks for
// another Terraform, whose features trueup may not have. Terraform refuses
// such a configuration; trueup plans it and says so, since a constraint
// raised for other reasons must not lock a team out. A constraint that an
// older release meets (a pin such as "~> 1.5.0", common in repositories
// that moved on) is not reported: trueup reads those configurations as
// their Terraform did. An invalid constraint is an error, as in Terraform.
func requiredVersionWarnings(cfg *config.Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range cfg.All() {
		mod := c.Module
		for i, raw := range mod.RequiredVersion {
			var rng *hcl.Range
			if i < len(mod.RequiredVersionRanges) {
				rng = mod.RequiredVersionRanges[i].Ptr()
			}
			constraints, err := version.NewConstraint(raw)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Invalid version constraint",
					Detail: "This string does not use correct version constraint syntax.", Subject: rng,
				})
				continue
			}
			if metByFollowed(constraints) {
				continue
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Unsupported Terraform Core version",
				Detail: fmt.Sprintf("This configuration does not support Terraform 1.0 to %s, whose language trueup follows (required_version %q): "+
					"it may use features trueup does not have. trueup goes on with it; Terraform %s would stop here.", trueupversion.Terraform, raw, trueupversion.Terraform),
				Subject: rng,
			})
		}
	}
	return diags
}

// metByFollowed reports whether a Terraform release from 1.0.0 to
// version.Terraform meets constraints (followedReleases).
func metByFollowed(constraints version.Constraints) bool {
	for _, v := range followedReleases() {
		if constraints.Check(v) {
			return true
		}
	}
	return false
}

// followedReleases are the versions metByFollowed tries, made once: each
// minor release of 1.x up to version.Terraform with its patch releases up
// to 30 (for constraints such as "~> 1.5.7"), none past version.Terraform.
var followedReleases = sync.OnceValue(func() []*version.Version {
	followed := version.Must(version.NewVersion(trueupversion.Terraform))
	var out []*version.Version
	for minor := 0; minor <= followed.Segments()[1]; minor++ {
		for patch := 0; patch <= 30; patch++ {
			v := version.Must(version.NewVersion(fmt.Sprintf("1.%d.%d", minor, patch)))
			if v.GreaterThan(followed) {
				break
			}
			out = append(out, v)
		}
	}
	return out
})
