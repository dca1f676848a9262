package gcs_test

import (
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state/statetest"
)

// takeoverRounds is how many times two contenders race to take over one
// expired lock.
const takeoverRounds = 8

// Two clients race to take over one expired lock, round after round:
// exactly one wins each time (a write conditional on the expired lock's
// generation).
func TestExpiredLockTakeoverHasOneWinner(t *testing.T) {
	for name, dir := range map[string]string{"in memory": "", "on disk": t.TempDir()} {
		t.Run(name, func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{DataDir: dir})
			statetest.RunTakeoverRace(t, newStorage(sb.GCSURL(), false), takeoverRounds)
		})
	}
}
