package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAgentFirstSignalFinishesTheRunSecondCancelsIt: SIGTERM once, the
// agent stops taking work and lets its running apply finish its in-flight
// create; SIGTERM again, it cancels that create, saves state, releases
// the lock and exits 130 within a bounded time. Started again, it records
// the interrupted run and applies the stack from the saved state.
func TestAgentFirstSignalFinishesTheRunSecondCancelsIt(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"slow/main.tf": `variable "out" {
  type = string
}

resource "local_file" "fast" {
  filename = "${var.out}/fast.txt"
  content  = "fast"
}

resource "time_sleep" "slow" {
  create_duration = "120s"
}
`})
	r.commit("a slow stack")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
stack "slow" {
  repo          = %q
  path          = "slow"
  vars          = { out = %q }
  auto_apply    = true
  poll_interval = "1s"
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data)
	running := waitRunning(t, a, "slow", 0)
	waitFor(t, "the fast resource", 60*time.Second, func() bool {
		got, _ := readFile(t, filepath.Join(out, "fast.txt"))
		return got == "fast"
	})
	// The slow create must be in flight when the first signal comes: on a
	// loaded machine it may start after the fast one is written.
	waitFor(t, "the slow create to start", 60*time.Second, func() bool {
		return strings.Contains(runLogText(a, running.ID), "time_sleep.slow: create started")
	})

	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-a.exited:
		t.Fatalf("the agent exited on the first SIGTERM with a create in flight:\n%s", a.log.String())
	case <-time.After(3 * time.Second):
	}
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	select {
	case <-a.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("the agent did not exit within 30 s of the second SIGTERM:\n%s", a.log.String())
	}
	if code := a.cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit code %d after two signals, want 130 (took %s)", code, time.Since(sent).Round(time.Millisecond))
	}

	// Started again: the run is recorded as ended, the lock was released
	// (the next apply runs) and the saved state holds the fast resource.
	b := startAgent(t, cfg, addr, data)
	var ended run
	for _, x := range b.runs("slow") {
		if x.ID == running.ID {
			ended = x
		}
	}
	if ended.Outcome == "running" || ended.Outcome == "" {
		t.Errorf("the interrupted run is recorded as %q", ended.Outcome)
	}
	waitRunning(t, b, "slow", running.ID)
	b.kill() // its apply sleeps for two minutes
	if st, _ := readFile(t, filepath.Join(data, "state", "slow", "terraform.tfstate")); !strings.Contains(st, `"local_file"`) {
		t.Errorf("the saved state lacks the fast resource:\n%s", st)
	}
}

// waitRunning waits for an apply of stack newer than run after to be
// running, and returns it.
func waitRunning(t *testing.T, a *agent, stack string, after uint64) run {
	t.Helper()
	var got run
	waitFor(t, "an apply of "+stack+" to be running", 60*time.Second, func() bool {
		for _, x := range a.runs(stack) {
			if x.ID > after && x.Kind == "apply" && x.Outcome == "running" {
				got = x
				return true
			}
		}
		return false
	})
	return got
}
