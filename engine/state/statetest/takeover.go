package statetest

import (
	"testing"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// Lease lengths of the takeover race: the holder's lease runs out before
// the contenders start; a winner's lease outlasts the round.
const (
	raceHolderLease = 100 * time.Millisecond
	raceExpiryWait  = 200 * time.Millisecond
	raceWinnerLease = time.Minute
)

// RunTakeoverRace has two clients race to take over one expired lock,
// rounds times, on one storage that newStorage makes: each round a third
// client takes a 100ms lease, lets it run out, and the two contenders
// lock at the same moment. Exactly one must win, under a new lock ID, and
// be able to unlock. It proves the takeover is a compare-and-swap on the
// expired lock, not a delete-then-create.
func RunTakeoverRace(t *testing.T, newStorage NewStorage, rounds int) {
	t.Helper()
	client := newStorage(t)
	holder, a, b := client(), client(), client()
	for round := range rounds {
		old, err := holder.Lock(ctx(t), leaseInfo("OperationTypeApply", raceHolderLease))
		if err != nil {
			t.Fatalf("round %d: holder's lock: %v", round, err)
		}
		time.Sleep(raceExpiryWait)

		ids, errs := race(t, a, b, func() *state.LockInfo { return leaseInfo("OperationTypeApply", raceWinnerLease) })
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("round %d: takeover of expired lock %s: errors %v and %v, want exactly one winner", round, old, errs[0], errs[1])
		}
		w := 0
		if errs[0] != nil {
			w = 1
		}
		if ids[w] == old {
			t.Fatalf("round %d: the takeover kept the old lock ID %s", round, old)
		}
		if err := []state.Backend{a, b}[w].Unlock(ctx(t), ids[w]); err != nil {
			t.Fatalf("round %d: winner's unlock: %v", round, err)
		}
	}
}
