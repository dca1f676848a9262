package main

import (
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// TestStateRefusedByTheBackendGoesToErroredTfstate: when another writer
// replaces the state file during an apply, the apply's conditional write is
// refused, the state it would have written goes to errored.tfstate, the
// error says so, and the other writer's state is not overwritten.
func TestStateRefusedByTheBackendGoesToErroredTfstate(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "time_sleep" "wait" {
  create_duration = "3s"
}

resource "null_resource" "after" {
  triggers = { waited = time_sleep.wait.id }
}
`})
	bg := s.start("apply", "-auto-approve", "-no-color")
	// Not just the lock: the apply must have read the state already, or
	// it would plan against the other writer's and succeed.
	waitFor(t, "the apply to start creating", 30*time.Second, func() bool {
		return s.exists(lockFile) && strings.Contains(bg.output(), "time_sleep.wait: Creating...")
	})

	foreign := state.New()
	foreign.Serial = 42
	b, err := state.Encode(foreign)
	if err != nil {
		t.Fatal(err)
	}
	s.write(stateFile, string(b))

	if code := bg.wait(t, 60*time.Second); code != 1 {
		t.Fatalf("the apply exited %d, want 1:\n%s", code, bg.output())
	}
	out := bg.output()
	if !strings.Contains(out, "errored.tfstate") {
		t.Fatalf("the error does not say where the state went:\n%s", out)
	}
	if got := s.read(stateFile); got != string(b) {
		t.Fatalf("the other writer's state was overwritten:\n%s", got)
	}
	errored, err := state.Decode([]byte(s.read("errored.tfstate")))
	if err != nil {
		t.Fatalf("errored.tfstate is not a state: %v", err)
	}
	wantAddresses(t, errored, "null_resource.after", "time_sleep.wait")
	if s.exists(lockFile) {
		t.Fatal("the lock was not released")
	}
}
