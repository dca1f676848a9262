package store

import "time"

// Kinds of run.
const (
	KindPlan      = "plan"
	KindApply     = "apply"
	KindDrift     = "drift"
	KindReconcile = "reconcile"
	KindPRPlan    = "pr-plan"
)

// Triggers of a run.
const (
	TriggerWebhook  = "webhook"
	TriggerPoll     = "poll"
	TriggerSchedule = "schedule"
	TriggerManual   = "manual"
	// TriggerComment is a comment command on a pull request.
	TriggerComment = "comment"
	// TriggerUpstream is a pull request planned again because a stack it
	// depends on applied.
	TriggerUpstream = "upstream"
)

// Outcomes of a run. Queued and Running are transient; the others final.
const (
	OutcomeQueued      = "queued"
	OutcomeRunning     = "running"
	OutcomeSucceeded   = "succeeded"
	OutcomeFailed      = "failed"
	OutcomeNoChanges   = "no-changes"
	OutcomeDrifted     = "drifted"
	OutcomeInterrupted = "interrupted"
)

// Final reports whether outcome is final (the run will not change again).
func Final(outcome string) bool {
	return outcome != OutcomeQueued && outcome != OutcomeRunning
}

// Run is one recorded run: the audit trail of who changed what, when,
// through which commit.
type Run struct {
	ID      uint64 `json:"id"`
	Stack   string `json:"stack"`
	Kind    string `json:"kind"`
	Trigger string `json:"trigger"`
	// Ref is what was fetched: a branch or refs/pull/N/head.
	Ref     string `json:"ref,omitempty"`
	Commit  string `json:"commit,omitempty"`
	Author  string `json:"author,omitempty"`
	Message string `json:"message,omitempty"`
	// PR is the pull or merge request number, 0 for none.
	PR int `json:"pr,omitempty"`
	// RequestedBy names the principal who asked for a manual run
	// ("token:NAME (ID)", "user:EMAIL"); "" for runs the agent started.
	RequestedBy string  `json:"requested_by,omitempty"`
	Outcome     string  `json:"outcome"`
	Summary     Summary `json:"summary"`
	// Error is the reason of a failure, redacted.
	Error string `json:"error,omitempty"`
	// Attempts counts tries: a run whose state lock was held elsewhere is
	// tried again later.
	Attempts int `json:"attempts,omitempty"`
	// Agent is the id of the agent process that recorded the run, so
	// that a fleet's shared history says which agent ran what.
	Agent    string    `json:"agent,omitempty"`
	Queued   time.Time `json:"queued"`
	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
}

// Summary counts a run's planned (and applied) changes.
type Summary struct {
	Add     int  `json:"add"`
	Change  int  `json:"change"`
	Destroy int  `json:"destroy"`
	Drifted int  `json:"drifted,omitempty"`
	Applied bool `json:"applied,omitempty"`
}

// Duration is how long the run ran, or 0 when it has not finished.
func (r *Run) Duration() time.Duration {
	if r.Started.IsZero() || r.Finished.IsZero() {
		return 0
	}
	return r.Finished.Sub(r.Started)
}

// Plan is a run's plan as rendered for people and as JSON.
type Plan struct {
	Text string `json:"text"`
	JSON []byte `json:"json,omitempty"`
	// StateLineage and StateSerial identify the stored state the plan was
	// made against, so that an apply can tell the state moved since.
	StateLineage string `json:"state_lineage,omitempty"`
	StateSerial  uint64 `json:"state_serial,omitempty"`
	// Graph is the engine's dependency graph of the configuration reduced
	// to resources (plans.Plan.ResourceGraph): each resource's address and
	// the resources it depends on, through locals, variables and outputs
	// as well. Nil for plans recorded before it was kept, and for plans
	// the engine made no graph for (a failed or destroy plan): the
	// dashboard then reads the edges from JSON.
	Graph map[string][]string `json:"graph,omitempty"`
	// ChangesDigest is plans.Digest of the plan: a canonical hash of its
	// actions and values, so that an apply from a pull request can tell
	// the new plan makes the changes reviewed, however it is rendered.
	// "" for plans recorded before it was kept.
	ChangesDigest string `json:"changes_digest,omitempty"`
}

// LogEntry is one line of a run's log.
type LogEntry struct {
	Time    time.Time `json:"time"`
	Level   string    `json:"level"`
	Message string    `json:"message"`
}

// StackStatus is what the agent remembers about a stack between runs.
type StackStatus struct {
	// LastSeenCommit is the branch head last fetched by polling or pushed.
	LastSeenCommit string `json:"last_seen_commit,omitempty"`
	// LastAppliedCommit and LastApplied describe the last successful apply.
	LastAppliedCommit string    `json:"last_applied_commit,omitempty"`
	LastApplied       time.Time `json:"last_applied,omitzero"`
	// Drifted is the result of the last drift check; DriftChecked when.
	Drifted bool `json:"drifted"`
	// DriftDigest identifies the drift last reported, so that the same
	// drift is notified once, not on every check.
	DriftDigest  string    `json:"drift_digest,omitempty"`
	DriftChecked time.Time `json:"drift_checked,omitzero"`
	// PolicyOverrides are the pull-request plans whose failing policies a
	// policy owner approved (see PolicyOverride).
	PolicyOverrides []PolicyOverride `json:"policy_overrides,omitempty"`
}
