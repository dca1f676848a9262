package plans

// ReasonReplaceByTriggers is the Reason of a replace caused by
// lifecycle { replace_triggered_by }: Terraform's JSON action_reason,
// which the human render shows as "will be replaced due to changes in
// replace_triggered_by".
const ReasonReplaceByTriggers = "replace_by_triggers"

// ReasonCheckNested is the Reason of a read planned for apply because the
// data source is nested in a check block and could not be read at plan,
// shown as Terraform does: "(config will be reloaded to verify a check
// block)".
const ReasonCheckNested = "config will be reloaded to verify a check block"

// ReasonReplaceRequested is the Reason of a replace asked for with
// -replace, shown as Terraform does: "will be replaced, as requested".
const ReasonReplaceRequested = "replace requested with -replace"

// ReasonDependencyPending is the Reason of a data source read planned for
// apply because a managed resource it refers to (or names in depends_on)
// has changes pending, as Terraform words it.
const ReasonDependencyPending = "depends on a resource or a module with changes pending"
