package plans

import (
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// Mode is the kind of plan.
type Mode int

const (
	// NormalMode makes the infrastructure match the configuration.
	NormalMode Mode = iota
	// DestroyMode deletes everything in state.
	DestroyMode
	// RefreshOnlyMode only updates state to match the infrastructure.
	RefreshOnlyMode
)

// String names the mode.
func (m Mode) String() string {
	switch m {
	case DestroyMode:
		return "destroy"
	case RefreshOnlyMode:
		return "refresh-only"
	}
	return "normal"
}

// Plan is the result of planning: what apply will do, and everything apply
// needs to do it against the same configuration and state.
type Plan struct {
	Mode Mode
	// Changes holds one entry per resource instance, sorted by address.
	// NoOp entries are included so that apply knows every instance.
	Changes []*ResourceChange
	// Outputs are the root outputs' changes, sorted by name.
	Outputs []*OutputChange
	// Drift lists objects that changed outside trueup since the last apply
	// (refreshed value differs from the recorded one), sorted by address.
	Drift []*ResourceChange
	// PriorState is the refreshed state the plan was made against. Its
	// Lineage and Serial are those of the stored state it was read from.
	PriorState *state.State
	// Variables are the root input variable values used.
	Variables map[string]cty.Value
	// EphemeralVariables are the root variables declared ephemeral that
	// were set: their values are in Variables for an apply in the same
	// process, but never written (the plan file, its JSON), and the apply
	// of a saved plan must be given them again.
	EphemeralVariables []string
	// Targets and Replace are the -target and -replace addresses.
	Targets []string
	Replace []string
	// Excludes are the -exclude addresses.
	Excludes []string
	// ConfigDir is the directory the configuration was loaded from and
	// ConfigSources the files of every module, by path relative to it, so
	// that apply uses exactly what was planned.
	ConfigDir     string
	ConfigSources map[string][]byte
	// ModuleDirs maps module keys ("net", "net.subnets") to the modules'
	// directories relative to ConfigDir.
	ModuleDirs map[string]string
	// Commit is the git commit of the configuration, when known.
	Commit string
	// Workspace is the workspace the plan was made in ("" is "default"):
	// its state and terraform.workspace. Apply refuses it in another.
	Workspace string
	// Source names where the configuration came from.
	Source string
	// Refreshed counts the objects the plan read from their providers, of
	// Stored objects in state: they differ under -refresh=changed, which
	// reads only what the change touches (and under -refresh=false, which
	// reads none). Both are 0 for a saved plan read back.
	Refreshed, Stored int
	// Errored is true when planning failed part way: such a plan is shown
	// but never applied.
	Errored bool
	// Timestamp is when the plan was made.
	Timestamp time.Time
	// RelevantAttributes are the resource attributes the planned changes
	// depend on (eval.RelevantAttributes), sorted.
	RelevantAttributes []ResourceAttr
	// Checks are the configuration's custom conditions as the plan knows
	// them, in state's check_results layout: "unknown" where a result
	// waits for apply. Nil when the configuration has none.
	Checks []state.CheckResult
	// ResourceGraph is the configuration's dependency graph reduced to
	// resources (eval's ResourceEdges): each resource's address without
	// instance keys, and the resources it depends on through locals,
	// variables, outputs and module calls. Nil for a destroy plan and for
	// a plan read from a file: it is for views (the agent's dashboard),
	// never for apply.
	ResourceGraph map[string][]string
}

// ResourceAttr is one resource attribute a plan depends on: the resource
// instance's address and the path into its value (attribute names and
// index keys), as Terraform's plan JSON writes relevant_attributes.
type ResourceAttr struct {
	Resource string `json:"resource"`
	Attr     []any  `json:"attribute"`
}

// ResourceChange is the planned change of one resource instance.
type ResourceChange struct {
	Addr addrs.ResourceInstance
	// Deposed is set for a deposed object of a create_before_destroy replace.
	Deposed string
	// ProviderKey names the provider configuration: "aws" or "aws.west".
	ProviderKey string
	Action      Action
	// Before and After are the values before and after the change, marked
	// "sensitive" where the schema or configuration says so. After may be
	// partly unknown. Before is null for a create, After for a delete.
	Before, After cty.Value
	// RequiredReplace lists the attribute paths that force a replace.
	RequiredReplace []cty.Path
	// Reason explains the action when it is not obvious ("replace by
	// request", "delete because no longer in configuration", ...;
	// ReasonTainted).
	Reason string
	// Dependencies are the resources this instance depends on, as state
	// records them: static addresses ("module.net.aws_vpc.main"), sorted.
	// The instances of a resource share one list, which nothing changes
	// in place.
	Dependencies []string
	// CreateBeforeDestroy is the lifecycle setting at plan time.
	CreateBeforeDestroy bool
	// SchemaVersion is the resource type's schema version.
	SchemaVersion int64
	// PriorPrivate is the provider's private data of the refreshed prior
	// object, handed back to it when the change is applied.
	PriorPrivate []byte
	// PrevAddr is the address the object had in the stored state when a
	// moved block moved it to Addr; the zero address otherwise.
	PrevAddr addrs.ResourceInstance
	// Importing is the import ID when an import block adopts the object
	// in this plan; "" otherwise.
	Importing string
	// GeneratedConfig is the resource block plan -generate-config-out
	// wrote for the object being imported; "" otherwise.
	GeneratedConfig string
}

// Moved reports whether the object moved to Addr in this plan.
func (rc *ResourceChange) Moved() bool {
	return rc.PrevAddr.Resource.Type != "" && rc.PrevAddr != rc.Addr
}

// OutputChange is the planned change of one root output value.
type OutputChange struct {
	Name          string
	Action        Action
	Before, After cty.Value
	Sensitive     bool
}

// Counts tallies a plan's actions as the summary line shows them.
type Counts struct {
	Add, Change, Destroy, Read, Import, Forget int
}

// PlanSummary returns the counts as Terraform's "Plan:" line words them:
// "1 to import, 2 to add, 0 to change, 0 to destroy", the import part
// only when non-zero. Objects to forget are listed in a warning instead,
// as Terraform 1.11 does.
func (c Counts) PlanSummary() string {
	s := fmt.Sprintf("%d to add, %d to change, %d to destroy", c.Add, c.Change, c.Destroy)
	if c.Import > 0 {
		s = fmt.Sprintf("%d to import, %s", c.Import, s)
	}
	return s
}

// ApplySummary returns the counts as Terraform's "Resources:" line after
// apply words them: "1 imported, 2 added, 0 changed, 0 destroyed".
func (c Counts) ApplySummary() string {
	s := fmt.Sprintf("%d added, %d changed, %d destroyed", c.Add, c.Change, c.Destroy)
	if c.Import > 0 {
		s = fmt.Sprintf("%d imported, %s", c.Import, s)
	}
	return s
}

// Counts returns the number of objects the plan adds, changes and destroys.
func (p *Plan) Counts() Counts {
	var c Counts
	for _, rc := range p.Changes {
		switch rc.Action {
		case Create:
			c.Add++
		case Update:
			c.Change++
		case Delete:
			c.Destroy++
		case Read:
			c.Read++
		case DeleteThenCreate, CreateThenDelete:
			c.Add++
			c.Destroy++
		case Forget:
			c.Forget++
		}
		if rc.Importing != "" {
			c.Import++
		}
	}
	return c
}

// HasChanges reports whether applying the plan would change anything:
// a resource action other than no-op or read, a move, an import, an
// output change, or (in refresh-only mode) drift to record.
func (p *Plan) HasChanges() bool {
	for _, rc := range p.Changes {
		if (rc.Action != NoOp && rc.Action != Read) || rc.Moved() || rc.Importing != "" {
			return true
		}
	}
	for _, oc := range p.Outputs {
		if oc.Action != NoOp {
			return true
		}
	}
	if p.Mode == RefreshOnlyMode && len(p.Drift) > 0 {
		return true
	}
	return false
}

// Change returns the change for addr, or nil.
func (p *Plan) Change(addr string) *ResourceChange {
	for _, rc := range p.Changes {
		if rc.Addr.String() == addr && rc.Deposed == "" {
			return rc
		}
	}
	return nil
}

// ReasonTainted is the Reason of the replacement of a tainted object: one
// whose create or creation-time provisioner failed.
const ReasonTainted = "the object is tainted"
