package run

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
)

// parseExcludes parses the -exclude addresses, refusing them alongside
// -target as OpenTofu does.
func parseExcludes(targets, excludes []string) ([]addrs.Target, hcl.Diagnostics) {
	if len(excludes) == 0 {
		return nil, nil
	}
	if len(targets) > 0 {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid combination of arguments",
			Detail:   "The target and exclude planning options are mutually-exclusive. Each plan must use either only the target options or only the exclude options.",
		}}
	}
	var diags hcl.Diagnostics
	var out []addrs.Target
	for _, s := range excludes {
		t, ds := addrs.ParseTarget(s)
		diags = append(diags, ds...)
		out = append(out, t)
	}
	return out, diags
}
