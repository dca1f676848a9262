package statetest

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// FaultyClient makes a NEW client on storage reached through an endpoint
// that fails some of its requests (a sandbox with a fail rate). The client
// writes its debug log to log; configure it with enough retries to get
// through.
type FaultyClient func(log io.Writer) state.Backend

// LogExpectations says what a client's debug log must and must not show.
type LogExpectations struct {
	// Want lists what the log shows once requests were retried (the level
	// marker and the backend's retry message).
	Want []string
	// Never lists what the log must never show (secret keys).
	Never []string
}

// faultWrites is how many serials the fault check writes.
const faultWrites = 10

// RunThroughFaults checks that a backend works through injected faults:
// a client reads empty storage, takes a leased lock, writes serials 1 to
// 10 renewing the lease after each, and unlocks; a fresh client then reads
// serial 10, History lists serials 10 and 9 (the storage must keep the
// current document and one previous one: a bucket without versioning),
// and the debug log shows the retries and never a secret.
//
// The storage must be empty. The backend must implement state.Historian.
func RunThroughFaults(t *testing.T, newClient FaultyClient, logs LogExpectations) {
	t.Helper()
	var out syncBuffer
	b := newClient(&out)

	if s, err := b.Read(ctx(t)); err != nil || s != nil {
		t.Fatalf("Read of empty storage through faults = %v, %v", s, err)
	}
	info := leaseInfo("OperationTypeApply", time.Minute)
	id, err := b.Lock(ctx(t), info)
	if err != nil {
		t.Fatalf("Lock through faults: %v", err)
	}
	lineage := state.New().Lineage
	var last *state.State
	for serial := uint64(1); serial <= faultWrites; serial++ {
		last = Sample(lineage, serial, "faulty")
		if err := b.Write(ctx(t), last); err != nil {
			t.Fatalf("Write serial %d through faults: %v", serial, err)
		}
		if err := b.Renew(ctx(t), id); err != nil {
			t.Fatalf("Renew through faults: %v", err)
		}
	}
	if err := b.Unlock(ctx(t), id); err != nil {
		t.Fatalf("Unlock through faults: %v", err)
	}
	got, err := newClient(io.Discard).Read(ctx(t))
	if err != nil || got == nil || got.Serial != faultWrites || !got.SameContent(last) {
		t.Fatalf("state after faulty writes = %+v, %v; want serial %d", got, err, faultWrites)
	}
	assertLastTwoVersions(t, b, faultWrites)
	assertLog(t, out.String(), logs)
}

// assertLastTwoVersions fails unless b's History lists exactly serial
// and serial-1, newest first.
func assertLastTwoVersions(t *testing.T, b state.Backend, serial uint64) {
	t.Helper()
	hist, ok := b.(state.Historian)
	if !ok {
		t.Fatalf("%s does not implement state.Historian", b)
	}
	h, err := hist.History(ctx(t))
	if err != nil || len(h) != 2 || h[0].Serial != serial || h[1].Serial != serial-1 {
		t.Fatalf("History through faults = %+v, %v; want serials %d, %d", h, err, serial, serial-1)
	}
}

func assertLog(t *testing.T, out string, logs LogExpectations) {
	t.Helper()
	for _, want := range logs.Want {
		if !strings.Contains(out, want) {
			t.Errorf("no retry in the debug log (%q missing):\n%s", want, out)
		}
	}
	for _, never := range logs.Never {
		if never != "" && strings.Contains(out, never) {
			t.Error("the debug log shows a secret")
		}
	}
}

// syncBuffer is a log sink safe for concurrent writers (an SDK's retries).
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
