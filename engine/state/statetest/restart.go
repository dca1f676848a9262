package statetest

import (
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// StartStorage starts the service that holds a backend's storage (an
// emulator keeping its data on disk) and returns a factory of clients on
// it and a function that stops the service. Every call must reach the SAME
// storage, so that what one service wrote the next one serves.
type StartStorage func(t *testing.T) (client func() state.Backend, stop func() error)

// RunStateSurvivesRestart writes a state through a client of one service,
// stops the service, starts another on the same storage and fails unless
// a client of the new one reads the state back as written.
func RunStateSurvivesRestart(t *testing.T, start StartStorage) {
	t.Helper()
	client, stop := start(t)
	b := client()
	if _, err := b.Read(ctx(t)); err != nil {
		t.Fatal(err)
	}
	want := Sample(state.New().Lineage, 7, "persisted")
	if err := b.Write(ctx(t), want); err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatalf("stop the storage service: %v", err)
	}

	client, stop = start(t)
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("stop the restarted storage service: %v", err)
		}
	})
	got, err := client().Read(ctx(t))
	if err != nil || got == nil || got.Serial != 7 || !got.SameContent(want) {
		t.Fatalf("state after restart = %+v, %v; want serial 7 as written", got, err)
	}
}
