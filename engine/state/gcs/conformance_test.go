package gcs_test

import (
	"testing"

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
