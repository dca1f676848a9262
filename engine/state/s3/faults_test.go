package s3_test

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
	bucket := newBucket(t, rawS3(t, sb.S3URL()), false)
	cfg := config(sb.S3URL(), bucket, "faulty/terraform.tfstate")
	cfg.SecretKey = secret
	cfg.MaxRetries = 15
	statetest.RunThroughFaults(t, func(w io.Writer) state.Backend {
		return mustNew(t, cfg, hclog.New(&hclog.LoggerOptions{Level: hclog.Debug, Output: w}))
	}, statetest.LogExpectations{Want: []string{"[DEBUG]", "retrying request"}, Never: []string{secret}})
}
