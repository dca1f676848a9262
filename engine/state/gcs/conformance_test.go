package gcs_test

import (
	"context"
	"io"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// newStorage returns a statetest.NewStorage that makes a fresh bucket on
// endpoint per subtest.
func newStorage(endpoint string, versioned bool) statetest.NewStorage {
	return func(t *testing.T) func() state.Backend {
		bucket := newBucket(t, rawGCS(t, endpoint), versioned)
		cfg := config(endpoint, bucket, "stacks/app")
		return func() state.Backend { return mustNew(t, cfg, nil) }
	}
}

func TestConformanceFakeGCSVersionedBucket(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.Run(t, newStorage(sb.GCSURL(), true))
}

func TestConformanceFakeGCSPersistentBucketWithBackupObject(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{DataDir: t.TempDir()})
	statetest.Run(t, newStorage(sb.GCSURL(), false))
}

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

func TestBackendWorksThroughInjectedFaultsAndLogsRetries(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{FailRate: 0.3})
	// The test's own client creates the bucket through the faults too.
	var bucket string
	for range 20 {
		if b, ok := tryNewBucket(rawGCS(t, sb.GCSURL())); ok {
			bucket = b
			break
		}
	}
	if bucket == "" {
		t.Fatal("could not create a bucket through the faults in 20 tries")
	}
	cfg := config(sb.GCSURL(), bucket, "faulty")
	cfg.MaxRetries = 15
	statetest.RunThroughFaults(t, func(w io.Writer) state.Backend {
		return mustNew(t, cfg, hclog.New(&hclog.LoggerOptions{Level: hclog.Debug, Output: w}))
	}, statetest.LogExpectations{Want: []string{"[DEBUG]", "retrying GCS request"}})
}

func TestStateSurvivesSandboxRestart(t *testing.T) {
	opts := sandbox.Options{DataDir: t.TempDir(), Buckets: []string{"persist"}}
	statetest.RunStateSurvivesRestart(t, func() (*sandbox.Sandbox, error) { return sandbox.Start(context.Background(), opts) },
		func(t *testing.T, sb *sandbox.Sandbox) state.Backend {
			return mustNew(t, config(sb.GCSURL(), "persist", "app"), nil)
		})
}

func TestDeadHolderTakeover(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunDeadHolderTakeover(t, newStorage(sb.GCSURL(), true))
}
