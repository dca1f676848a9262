package s3_test

import (
	"context"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

func TestStateSurvivesSandboxRestart(t *testing.T) {
	// The first sandbox creates the bucket; the restarted one must find it.
	opts := sandbox.Options{DataDir: t.TempDir(), Buckets: []string{"persist"}}
	statetest.RunStateSurvivesRestart(t, func(t *testing.T) (func() state.Backend, func() error) {
		sb, err := sandbox.Start(context.Background(), opts)
		if err != nil {
			t.Fatalf("start sandbox: %v", err)
		}
		opts.Buckets = nil
		cfg := config(sb.S3URL(), "persist", "app.tfstate")
		return func() state.Backend { return mustNew(t, cfg, nil) }, sb.Close
	})
}
