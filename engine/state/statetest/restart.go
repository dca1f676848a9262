package statetest

import (
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// Service is a running service that holds a backend's storage, such as an
// emulator that keeps its data on disk.
type Service interface {
	// Close stops the service.
	Close() error
}

// RunStateSurvivesRestart writes a state through a client of one service,
// closes the service, starts another on the same storage and fails unless
// a client of the new one reads the state back as written.
//
// start starts the service; every call must reach the SAME storage (the
// same data directory, bucket and object), so that what one service wrote
// the next one serves. client returns a NEW client on the running service.
func RunStateSurvivesRestart[S Service](t *testing.T, start func() (S, error), client func(t *testing.T, service S) state.Backend) {
	t.Helper()
	first := mustStart(t, start)
	b := client(t, first)
	if _, err := b.Read(ctx(t)); err != nil {
		t.Fatal(err)
	}
	want := Sample(state.New().Lineage, 7, "persisted")
	if err := b.Write(ctx(t), want); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatalf("close the storage service: %v", err)
	}

	second := mustStart(t, start)
	t.Cleanup(func() {
		if err := second.Close(); err != nil {
			t.Errorf("close the restarted storage service: %v", err)
		}
	})
	got, err := client(t, second).Read(ctx(t))
	if err != nil || got == nil || got.Serial != 7 || !got.SameContent(want) {
		t.Fatalf("state after restart = %+v, %v; want serial 7 as written", got, err)
	}
}

func mustStart[S Service](t *testing.T, start func() (S, error)) S {
	t.Helper()
	s, err := start()
	if err != nil {
		t.Fatalf("start the storage service: %v", err)
	}
	return s
}
