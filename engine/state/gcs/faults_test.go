package gcs_test

import (
	"io"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

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
