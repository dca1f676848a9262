package s3_test

// The statetest checks beyond Run that this backend runs: the takeover race
// on each lock store, the fault check and the restart check. The
// conformance suite itself runs in conformance_test.go.

import (
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"io"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

// takeoverRounds is how many times two contenders race to take over one
// expired lock.
const takeoverRounds = 8

func TestExpiredLockTakeoverHasOneWinnerOnGofakes3(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{DataDir: t.TempDir()})
	statetest.RunTakeoverRace(t, storage(sb.S3URL(), false, nil), takeoverRounds)
}

func TestExpiredLockTakeoverHasOneWinnerInDynamoDB(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	url := dynalite.URL(t)
	statetest.RunTakeoverRace(t, storage(sb.S3URL(), false, func(t *testing.T, c *s3backend.Config) {
		c.DynamoDBTable = newLockTable(t, url)
		c.EndpointDynamoDB = url
	}), takeoverRounds)
}

func TestStateSurvivesSandboxRestart(t *testing.T) {
	opts := sandbox.Options{DataDir: t.TempDir(), Buckets: []string{"persist"}}
	statetest.RunStateSurvivesRestart(t, func() (*sandbox.Sandbox, error) { return sandbox.Start(t.Context(), opts) },
		func(t *testing.T, sb *sandbox.Sandbox) state.Backend {
			return mustNew(t, config(sb.S3URL(), "persist", "app.tfstate"), nil)
		})
}

func TestBackendWorksThroughInjectedFaultsAndLogsRetries(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{FailRate: 0.3})
	// The test's own client creates the bucket through the faults too, so it
	// retries as much as the backend does (three attempts fail 3% of runs).
	bucket := newBucket(t, rawS3(t, sb.S3URL(), func(o *awss3.Options) { o.RetryMaxAttempts = 15 }), false)
	cfg := config(sb.S3URL(), bucket, "faulty/terraform.tfstate")
	cfg.SecretKey = secret
	cfg.MaxRetries = 15
	statetest.RunThroughFaults(t, func(w io.Writer) state.Backend {
		return mustNew(t, cfg, hclog.New(&hclog.LoggerOptions{Level: hclog.Debug, Output: w}))
	}, statetest.LogExpectations{Want: []string{"[DEBUG]", "retrying request"}, Never: []string{secret}})
}
