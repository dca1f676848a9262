package s3_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
)

// takeoverRounds is how many times two contenders race to take over one
// expired lock.
const takeoverRounds = 8

// assertOneTakeover has two clients race to take over an expired lock,
// round after round, and fails unless exactly one wins each time.
func assertOneTakeover(t *testing.T, cfg s3backend.Config) {
	ctx := context.Background()
	holder, a, b := mustNew(t, cfg, nil), mustNew(t, cfg, nil), mustNew(t, cfg, nil)
	for round := range takeoverRounds {
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
		for i, c := range []*s3backend.Backend{a, b} {
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
		if err := []*s3backend.Backend{a, b}[w].Unlock(ctx, ids[w]); err != nil {
			t.Fatalf("round %d: winner's unlock: %v", round, err)
		}
	}
}

func TestExpiredLockTakeoverHasOneWinnerOnGofakes3(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{DataDir: t.TempDir()})
	assertOneTakeover(t, config(sb.S3URL(), newBucket(t, rawS3(t, sb.S3URL()), false), "k.tfstate"))
}

func TestExpiredLockTakeoverHasOneWinnerInDynamoDB(t *testing.T) {
	url := motoURL(t)
	cfg := config(url, newBucket(t, rawS3(t, url), false), "k.tfstate")
	cfg.DynamoDBTable = newLockTable(t, url)
	cfg.EndpointDynamoDB = url
	assertOneTakeover(t, cfg)
}
