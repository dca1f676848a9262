package gcs_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestBackendWorksThroughInjectedFaultsAndLogsRetries(t *testing.T) {
	ctx := context.Background()
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
	var logs syncBuffer
	log := hclog.New(&hclog.LoggerOptions{Level: hclog.Debug, Output: &logs})
	cfg := config(sb.GCSURL(), bucket, "faulty")
	cfg.MaxRetries = 15
	b := mustNew(t, cfg, log)

	if s, err := b.Read(ctx); err != nil || s != nil {
		t.Fatalf("Read of empty storage through faults = %v, %v", s, err)
	}
	info := state.NewLockInfo("OperationTypeApply")
	info.Expires = info.Created.Add(time.Minute)
	id, err := b.Lock(ctx, info)
	if err != nil {
		t.Fatalf("Lock through faults: %v", err)
	}
	lineage := state.New().Lineage
	var last *state.State
	for serial := uint64(1); serial <= 10; serial++ {
		last = statetest.Sample(lineage, serial, "faulty")
		if err := b.Write(ctx, last); err != nil {
			t.Fatalf("Write serial %d through faults: %v", serial, err)
		}
		if err := b.Renew(ctx, id); err != nil {
			t.Fatalf("Renew through faults: %v", err)
		}
	}
	if err := b.Unlock(ctx, id); err != nil {
		t.Fatalf("Unlock through faults: %v", err)
	}
	got, err := mustNew(t, cfg, nil).Read(ctx)
	if err != nil || got == nil || got.Serial != 10 || !got.SameContent(last) {
		t.Fatalf("state after faulty writes = %+v, %v; want serial 10", got, err)
	}
	h, err := b.History(ctx)
	if err != nil || len(h) != 2 || h[0].Serial != 10 || h[1].Serial != 9 {
		t.Fatalf("History through faults = %+v, %v; want serials 10, 9", h, err)
	}
	if out := logs.String(); !strings.Contains(out, "[DEBUG]") || !strings.Contains(out, "retrying GCS request") {
		t.Errorf("no retry in the debug log at fail rate 0.3:\n%s", out)
	}
}
