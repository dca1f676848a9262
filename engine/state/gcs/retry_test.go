package gcs_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// A 429 with Retry-After: 2 is waited out (the storage client's own
// backoff would retry after about a second) and the call then succeeds.
func TestThrottledRequestWaitsRetryAfter(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"throttled"}})
	th := statetest.ThrottleFirst(t, sb.GCSURL(), http.StatusTooManyRequests, "application/json",
		`{"error":{"code":429,"message":"rate limit exceeded","errors":[{"reason":"rateLimitExceeded"}]}}`)
	cfg := config(th.URL, "throttled", "")
	cfg.RetryMaxBackoff = 0 // the default cap (20s), above the Retry-After
	b := mustNew(t, cfg, nil)
	if _, err := b.Read(ctx); err != nil {
		t.Fatalf("Read after a 429: %v", err)
	}
	th.CheckWaitedRetryAfter(t)
	want := statetest.Sample(state.New().Lineage, 1, "throttled")
	if err := b.Write(ctx, want); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if got, _ := getObject(t, rawGCS(t, sb.GCSURL()), "throttled", "default.tfstate"); got == "" {
		t.Fatal("the state is not in the bucket")
	}
}
