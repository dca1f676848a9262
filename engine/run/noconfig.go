package run

import (
	"fmt"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
)

// requireConfig refuses to plan or apply a directory without
// configuration files, as Terraform does: every object in state would be
// planned for destruction, which is what a wrong -chdir, a stack path
// left empty by a commit, or a checkout of the wrong branch would
// otherwise do, and an auto-approved apply or the agent would carry out.
// A destroy plan needs no configuration. applying chooses the wording of
// apply over plan's.
func requireConfig(mode plans.Mode, root *config.Module, applying bool) hcl.Diagnostics {
	if mode == plans.DestroyMode || len(root.Sources) > 0 {
		return nil
	}
	detail := "Plan requires configuration to be present. Planning without a configuration would " +
		"mark everything for destruction, which is normally not what is desired. If you would like " +
		"to destroy everything, run plan with the -destroy option. Otherwise, create a Terraform " +
		"configuration file (.tf file) and try again."
	if applying {
		detail = "Apply requires configuration to be present. Applying without a configuration would " +
			"mark everything for destruction, which is normally not what is desired. If you would like " +
			"to destroy everything, run 'trueup destroy' instead."
	}
	dir, err := filepath.Abs(root.SourceDir)
	if err != nil {
		dir = root.SourceDir
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "No configuration files",
		Detail:   fmt.Sprintf("%s\n\nThere is no *.tf or *.tf.json file in %s.", detail, dir),
	}}
}
