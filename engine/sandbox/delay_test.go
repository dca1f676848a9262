package sandbox

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"
)

// TestSleepForWaitsTheWholeDelay checks that a request is never answered
// before its latency is up, whether the delay is shorter than the part
// waited on the kernel's timer or longer.
func TestSleepForWaitsTheWholeDelay(t *testing.T) {
	for _, d := range []time.Duration{500 * time.Microsecond, timerGrain, 3 * time.Millisecond, 25 * time.Millisecond} {
		r := httptest.NewRequest("GET", "/", nil)
		start := time.Now()
		if !sleepFor(r, d) {
			t.Fatalf("sleepFor(%v) = false for a client that stayed", d)
		}
		if took := time.Since(start); took < d {
			t.Errorf("sleepFor(%v) returned after %v", d, took)
		}
	}
}

// TestSleepForStopsWhenTheClientGoes checks that a request whose client
// has gone is not held for the rest of its latency.
func TestSleepForStopsWhenTheClientGoes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
	time.AfterFunc(10*time.Millisecond, cancel)
	start := time.Now()
	if sleepFor(r, time.Hour) {
		t.Fatal("sleepFor = true for a client that went away")
	}
	if took := time.Since(start); took > time.Minute {
		t.Fatalf("sleepFor held a gone client for %v", took)
	}
}
