package plans

// ReasonReplaceByTriggers is the Reason of a replace caused by
// lifecycle { replace_triggered_by }: Terraform's JSON action_reason,
// which the human render shows as "will be replaced due to changes in
// replace_triggered_by".
const ReasonReplaceByTriggers = "replace_by_triggers"
