package render

import (
	"strings"

	"github.com/trueup/trueup/engine/plans"
)

// actionReason returns a change's action_reason as Terraform names it
// (replace_because_cannot_update, delete_because_each_key, ...), or ""
// when Terraform gives none.
func actionReason(rc *plans.ResourceChange) string {
	switch rc.Reason {
	case "replace requested with -replace":
		return "replace_by_request"
	case plans.ReasonReplaceByTriggers:
		return "replace_by_triggers"
	case plans.ReasonTainted:
		return "replace_because_tainted"
	case plans.ReasonCheckNested:
		return "read_because_check_nested"
	case plans.ReasonDependencyPending:
		return "read_because_dependency_pending"
	case "configuration depends on values not yet known":
		return "read_because_config_unknown"
	case plans.ReasonCountIndex:
		return "delete_because_count_index"
	case plans.ReasonEachKey:
		return "delete_because_each_key"
	case plans.ReasonWrongRepetition:
		return "delete_because_wrong_repetition"
	}
	switch {
	case rc.Action.IsReplace() && rc.Reason == "" && len(rc.RequiredReplace) > 0:
		return "replace_because_cannot_update"
	case rc.Action == plans.Forget:
		return "delete_because_no_resource_config"
	case rc.Action == plans.Delete && rc.Deposed == "" && strings.HasSuffix(rc.Reason, " is not in configuration"):
		// The resource is configured but its module instance is not.
		if mod := string(rc.Addr.Resource.Module); mod != "" && rc.Reason == mod+" is not in configuration" {
			return "delete_because_no_module"
		}
		return "delete_because_no_resource_config"
	}
	return ""
}
