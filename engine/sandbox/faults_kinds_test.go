package sandbox_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
)

func TestThrottlingCarriesRetryAfterInEachServicesFormat(t *testing.T) {
	sb := mustStart(t, sandbox.Options{Buckets: []string{"b"}, Faults: sandbox.Faults{ThrottleRate: 1, RetryAfter: 2e9}})
	statuses := map[int]bool{}
	for range 4 {
		resp := mustGet(t, sb.S3URL()+"/b/k")
		body := string(readAll(t, resp))
		if resp.Header.Get("Retry-After") != "2" || !strings.Contains(body, "<Code>SlowDown</Code>") {
			t.Fatalf("S3 throttling: %d Retry-After %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		statuses[resp.StatusCode] = true
	}
	if !statuses[429] || !statuses[503] {
		t.Errorf("S3 throttling statuses %v, want 429 and 503", statuses)
	}
	resp := mustGet(t, sb.GCSURL()+"/storage/v1/b/b/o/k")
	body := string(readAll(t, resp))
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || !strings.Contains(body, "rateLimitExceeded") {
		t.Errorf("GCS throttling: %d Retry-After %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}

// A dropped connection loses the request before the emulator (nothing
// stored) or its response after it (stored): one of each in two requests.
func TestDroppedConnectionsLoseTheRequestOrItsResponse(t *testing.T) {
	sb := mustStart(t, sandbox.Options{Buckets: []string{"b"}, Faults: sandbox.Faults{DropRate: 1}})
	for _, key := range []string{"k1", "k2"} {
		req, _ := http.NewRequest(http.MethodPut, sb.S3URL()+"/b/"+key, strings.NewReader("data of "+key))
		if resp, err := http.DefaultClient.Do(req); err == nil {
			body := string(readAll(t, resp))
			t.Fatalf("PUT %s under dropped connections got %d %s", key, resp.StatusCode, body)
		}
	}
	if err := sb.SetFaults(sandbox.Faults{}); err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, key := range []string{"k1", "k2"} {
		if resp := mustGet(t, sb.S3URL()+"/b/"+key); resp.StatusCode == 200 && string(readAll(t, resp)) == "data of "+key {
			stored = append(stored, key)
		}
	}
	if len(stored) != 1 {
		t.Errorf("stored %v of two dropped PUTs, want one (dropped after it was served)", stored)
	}
}

func TestFaultsOfASeedAreReplayed(t *testing.T) {
	run := func() []int {
		sb := mustStart(t, sandbox.Options{Buckets: []string{"b"}, Faults: sandbox.Faults{FailRate: 0.5, Seed: 42}})
		var codes []int
		for range 20 {
			resp := mustGet(t, sb.S3URL()+"/b/missing")
			readAll(t, resp)
			codes = append(codes, resp.StatusCode)
		}
		return codes
	}
	a, b := run(), run()
	if !slices.Equal(a, b) {
		t.Errorf("seed 42 gave %v, then %v", a, b)
	}
	if !slices.Contains(a, 404) || !slices.Contains(a, 500) {
		t.Errorf("fail rate 0.5 gave %v, want both faults and answers", a)
	}
}
