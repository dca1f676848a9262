package apply

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/plans"
)

// TestHeldReleasesWaitForTheReaderAndTheWalksEnd: a release made while the
// plan is read is held; the first release after the reader is done drops
// it, and so does the walk's end when no release comes after; a reader
// still reading at the end keeps them all.
func TestHeldReleasesWaitForTheReaderAndTheWalksEnd(t *testing.T) {
	change := func(a plans.Action) *plans.ResourceChange {
		return &plans.ResourceChange{Action: a, Before: cty.StringVal("before"), After: cty.StringVal("after")}
	}
	kept := func(rc *plans.ResourceChange) bool { return rc.After != cty.NilVal }

	x := &executor{opts: Options{ReleaseValues: true}}
	read := make(chan struct{})
	x.holdReleases(read)
	first, ctd := change(plans.Create), change(plans.CreateThenDelete)
	x.releaseApplied(first)
	x.releaseApplied(ctd)
	if !kept(first) || !kept(ctd) {
		t.Fatal("a release made while the plan is read dropped values")
	}
	close(read)
	x.releaseHeldAtEnd()
	if kept(first) || kept(ctd) || ctd.Before == cty.NilVal {
		t.Fatalf("at the walk's end after the read: first kept %v, create_before_destroy after %#v before %#v",
			kept(first), ctd.After, ctd.Before)
	}
	x.releaseDeleted(ctd)
	if ctd.Before != cty.NilVal {
		t.Fatal("the deletion of a create_before_destroy replace kept its prior value")
	}

	x = &executor{opts: Options{ReleaseValues: true}}
	read = make(chan struct{})
	x.holdReleases(read)
	held, next := change(plans.Update), change(plans.Delete)
	x.releaseApplied(held)
	close(read)
	x.releaseDeleted(next)
	if kept(held) || kept(next) {
		t.Fatal("the first release after the read did not drop what was held")
	}

	x = &executor{opts: Options{ReleaseValues: true}}
	x.holdReleases(make(chan struct{}))
	still := change(plans.Create)
	x.releaseApplied(still)
	x.releaseHeldAtEnd()
	if !kept(still) {
		t.Fatal("values dropped at the walk's end while the plan is still read")
	}
}
