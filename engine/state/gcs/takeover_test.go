package gcs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	gcsbackend "github.com/trueup/trueup/engine/state/gcs"
)

// Two clients race to take over one expired lock, round after round:
// exactly one wins each time (a write conditional on the expired lock's
// generation).
func TestExpiredLockTakeoverHasOneWinner(t *testing.T) {
	for name, dir := range map[string]string{"in memory": "", "on disk": t.TempDir()} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			sb := startSandbox(t, sandbox.Options{DataDir: dir})
			cfg := config(sb.GCSURL(), newBucket(t, rawGCS(t, sb.GCSURL()), false), "race")
			holder, a, b := mustNew(t, cfg, nil), mustNew(t, cfg, nil), mustNew(t, cfg, nil)
			for round := range 8 {
				info := state.NewLockInfo("OperationTypeApply")
				info.Expires = info.Created.Add(100 * time.Millisecond)
				old, err := holder.Lock(ctx, info)
				if err != nil {
					t.Fatalf("round %d: holder's lock: %v", round, err)
				}
				time.Sleep(200 * time.Millisecond)

				var ids [2]string
				var errs [2]error
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i, c := range []*gcsbackend.Backend{a, b} {
					wg.Go(func() {
						li := state.NewLockInfo("OperationTypeApply")
						li.Expires = li.Created.Add(time.Minute)
						<-start
						ids[i], errs[i] = c.Lock(ctx, li)
					})
				}
				close(start)
				wg.Wait()
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
				if err := []*gcsbackend.Backend{a, b}[w].Unlock(ctx, ids[w]); err != nil {
					t.Fatalf("round %d: winner's unlock: %v", round, err)
				}
			}
		})
	}
}
