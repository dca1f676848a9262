package apply

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/plans"
)

// partialApplyWarning is the warning after applying a plan that -target or
// -exclude narrowed, as Terraform gives it for -target: what the
// configuration asks for may not all be done, and a plan says what is
// left.
func partialApplyWarning(p *plans.Plan) hcl.Diagnostics {
	option := ""
	switch {
	case len(p.Targets) > 0:
		option = "-target"
	case len(p.Excludes) > 0:
		option = "-exclude"
	default:
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagWarning,
		Summary:  "Applied changes may be incomplete",
		Detail: "The plan was created with the " + option + " option in effect, so some changes requested in the configuration may have been ignored and the output values may not be fully updated. Run the following command to verify that no other changes are pending:\n    trueup plan\n\n" +
			"Note that the " + option + " option is not suitable for routine use, and is provided only for exceptional situations such as recovering from errors or mistakes, or when trueup specifically suggests to use it as part of an error message.",
	}}
}
