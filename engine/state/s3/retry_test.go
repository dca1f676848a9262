package s3_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// A 503 SlowDown with Retry-After: 2 is waited out (the SDK's own backoff
// would retry within a second) and the call then succeeds.
func TestThrottledRequestWaitsRetryAfter(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"throttled"}})
	th := statetest.ThrottleFirst(t, sb.S3URL(), http.StatusServiceUnavailable, "application/xml",
		`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`)
	cfg := config(th.URL, "throttled", "env/default.tfstate")
	cfg.RetryMaxBackoff = 0 // the default cap (20s), above the Retry-After
	b := mustNew(t, cfg, nil)
	if _, err := b.Read(ctx); err != nil {
		t.Fatalf("Read after a 503 SlowDown: %v", err)
	}
	th.CheckWaitedRetryAfter(t)
	if err := b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "throttled")); err != nil {
		t.Fatalf("Write: %v", err)
	}
	got, err := b.Read(ctx)
	if err != nil || got == nil || got.Serial != 1 {
		t.Fatalf("read back %v (%v), want serial 1", got, err)
	}
}
