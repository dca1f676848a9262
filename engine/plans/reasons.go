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

// The Reasons of an object deleted because its instance key no longer
// expands: render writes each as Terraform words it, with the key
// ("index [1] is out of range for count"), and JSON as its
// action_reason.
const (
	// ReasonCountIndex: an index past the count.
	ReasonCountIndex = "index out of range for count"
	// ReasonEachKey: a key the for_each map no longer has.
	ReasonEachKey = "key not in for_each map"
	// ReasonWrongRepetition: a key of the other kind, or none, for how
	// the resource now expands.
	ReasonWrongRepetition = "count or for_each changed"
)
