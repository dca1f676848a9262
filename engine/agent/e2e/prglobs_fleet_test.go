package e2e

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// gatedStack reads the named pipe gate in its plan (data "local_file"),
// so that its plan waits until the test writes to the pipe.
func gatedStack(gate string) string {
	return fmt.Sprintf(`variable "out" {
  type = string
}

data "local_file" "gate" {
  filename = %q
}

resource "local_file" "new" {
  filename = "${var.out}/new.txt"
  content  = data.local_file.gate.content
}
`, gate)
}

// openGate writes content to the named pipe once a reader has it open.
func openGate(t *testing.T, gate, content string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		f, err := os.OpenFile(gate, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			_, err = f.WriteString(content)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			return
		}
		if !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline) {
			t.Fatalf("no one reads the gate: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestFleetRescuesThePlanOfANewGlobDirectory: the agent planning a pull
// request's new glob directory (app-envs-new, known only from the pull
// request's head) is killed in the middle of the plan; another agent of
// the fleet finds the stack at the pull request's head, plans it again
// and comments the plan.
func TestFleetRescuesThePlanOfANewGlobDirectory(t *testing.T) {
	db := sharedPG.Get(t).NewDatabase(t)
	gh := newFakeGitHub(t)
	out := t.TempDir()
	gate := filepath.Join(t.TempDir(), "gate")
	if err := syscall.Mkfifo(gate, 0o600); err != nil {
		t.Fatal(err)
	}
	r, base := seedRepo(t, "one env", envStacks("dev"))
	body := forgeBlock(gh) + stacks(stackConf{name: "app", repo: r.url(), path: "envs/*", out: out, forgeRepo: "acme/infra"})
	a, b := startFleetAgent(t, db, "agent-a", body), startFleetAgent(t, db, "agent-b", body)

	head := openPR(t, gh, r, 11, base, "a new env", map[string]string{"envs/new/main.tf": gatedStack(gate)})
	a.prEvent(r, "opened", 11, head, base)
	running := func(on *agent, id string) func() bool {
		return func() bool {
			for _, x := range on.runs("app-envs-new") {
				if x.Outcome == "running" && x.Agent == id {
					return true
				}
			}
			return false
		}
	}
	waitFor(t, "agent-a's plan to start", 60*time.Second, running(a, "agent-a"))
	time.Sleep(500 * time.Millisecond) // into the read of the gate
	a.kill()

	waitFor(t, "agent-b's rerun to start", 60*time.Second, running(b, "agent-b"))
	openGate(t, gate, "through")
	got := b.waitRun("app-envs-new", "the rescued plan", func(x run) bool {
		return x.Agent == "agent-b" && x.Outcome != "queued" && x.Outcome != "running"
	})
	if got.Outcome != "succeeded" || got.Kind != "pr-plan" || got.PR != 11 || got.Commit != head {
		t.Fatalf("rescued plan = %+v", got)
	}
	if comment := gh.stackComment(11, "app-envs-new"); !strings.Contains(comment, "through") {
		t.Errorf("the rescued plan's comment:\n%s", comment)
	}
}
