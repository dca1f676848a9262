package apply

import (
	"sync"
	"sync/atomic"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/plans"
)

// heldReleases holds the changes whose values are dropped once the caller
// has done reading the plan (Options.PlanRead).
type heldReleases struct {
	holding atomic.Bool // read without mu once nothing is held any more
	mu      sync.Mutex
	read    <-chan struct{}
	changes []heldRelease
}

type heldRelease struct {
	rc      *plans.ResourceChange
	deleted bool // releaseDeleted's, not releaseApplied's
}

// holdReleases makes the releases of values wait until read is closed.
func (x *executor) holdReleases(read <-chan struct{}) {
	if read != nil && x.opts.ReleaseValues {
		x.held.read = read
		x.held.holding.Store(true)
	}
}

// releaseHeld drops the held values once the caller has done reading the
// plan, and reports whether it has; the caller holds x.held.mu.
func (x *executor) releaseHeld() bool {
	select {
	case <-x.held.read:
	default:
		return false
	}
	for _, h := range x.held.changes {
		drop(h.rc, h.deleted)
	}
	x.held.changes = nil
	x.held.holding.Store(false)
	return true
}

// releaseHeldAtEnd drops, once the walk is over, the values held for a
// caller that has done reading the plan; those of a caller still reading
// it stay.
func (x *executor) releaseHeldAtEnd() {
	if x.held.holding.Load() {
		x.held.mu.Lock()
		defer x.held.mu.Unlock()
		x.releaseHeld()
	}
}

// releaseValues drops rc's values, or holds the drop while the caller
// reads the plan.
func (x *executor) releaseValues(rc *plans.ResourceChange, deleted bool) {
	if x.held.holding.Load() {
		x.held.mu.Lock()
		defer x.held.mu.Unlock()
		if x.held.holding.Load() && !x.releaseHeld() {
			x.held.changes = append(x.held.changes, heldRelease{rc, deleted})
			return
		}
	}
	drop(rc, deleted)
}

// releaseApplied drops the plan's values of a change whose create, update
// or read is done, when the caller said it reads them no more
// (Options.ReleaseValues): the applied value, held by the evaluator and
// the state, replaces them. The prior value of a create_before_destroy
// replace stays until its deletion, which reads it.
func (x *executor) releaseApplied(rc *plans.ResourceChange) {
	if x.opts.ReleaseValues {
		x.releaseValues(rc, false)
	}
}

// releaseDeleted drops the prior value of a change whose deletion is done,
// under the same condition as releaseApplied; a delete-then-create
// replace keeps it for its create, which releases it.
func (x *executor) releaseDeleted(rc *plans.ResourceChange) {
	if x.opts.ReleaseValues && (rc.Action == plans.Delete || rc.Action == plans.CreateThenDelete) {
		x.releaseValues(rc, true)
	}
}

// drop sets rc's values to cty.NilVal as releaseApplied (deleted false)
// or releaseDeleted says.
func drop(rc *plans.ResourceChange, deleted bool) {
	rc.After = cty.NilVal
	if deleted || rc.Action != plans.CreateThenDelete {
		rc.Before = cty.NilVal
	}
}
