package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"syscall"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// whoAmI is user@host of this process, computed independently of trueup.
func whoAmI(t *testing.T) string {
	t.Helper()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return u.Username + "@" + host
}

func TestContendedLockNamesItsHolderAndAWaitingApplySucceeds(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "time_sleep" "wait" {
  create_duration = "3s"
}

resource "null_resource" "fast" {}

resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "x"
}
`})
	first := s.start("apply", "-auto-approve")
	var holder state.LockInfo
	waitFor(t, "the first apply to take the lock", 30*time.Second, func() bool {
		b := fileBytes(t, s.path(lockFile))
		return b != nil && json.Unmarshal(b, &holder) == nil && holder.ID != ""
	})
	if holder.ID == "" || holder.Operation != "apply" || holder.Who != whoAmI(t) {
		t.Fatalf("lock file records %+v, want an ID, operation apply and %s", holder, whoAmI(t))
	}

	r := s.must(1, "plan", "-lock-timeout=0s")
	wantContains(t, r, holder.Who, "apply", holder.ID)

	r = s.must(0, "apply", "-auto-approve", "-lock-timeout=60s")
	if code := first.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("the first apply failed with exit code %d:\n%s", code, first.output())
	}
	// The second apply waited for the first to finish, then planned
	// against its state: nothing was left to do.
	wantContains(t, r, "Apply complete! Resources: 0 added, 0 changed, 0 destroyed.")

	st := s.state()
	wantAddresses(t, st, "time_sleep.wait", "null_resource.fast", "local_file.f")
	if n := objectCount(st); n != 3 {
		t.Fatalf("state holds %d objects, want each of 3 resources once", n)
	}
	if s.exists(lockFile) {
		t.Fatal("the lock file remains after both applies finished")
	}
}

func TestForceUnlockRemovesAStaleLockLeftBehind(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `resource "null_resource" "n" {}`})
	s.must(0, "apply", "-auto-approve")
	s.write(lockFile, `{
  "ID": "0b1c4c56-dead-4ead-beef-000000000001",
  "Operation": "apply",
  "Who": "ghost@crashed-host",
  "Version": "v0.0.1",
  "Created": "2024-01-02T03:04:05Z",
  "Path": ".terraform.tfstate.lock.info"
}`)
	const id = "0b1c4c56-dead-4ead-beef-000000000001"

	r := s.must(1, "plan", "-lock-timeout=0s")
	wantContains(t, r, "ghost@crashed-host", id, "force-unlock")
	// -lock=false reads without the lock, and leaves it alone.
	s.must(0, "plan", "-lock=false")
	if !s.exists(lockFile) {
		t.Fatal("plan -lock=false removed the lock")
	}

	r = s.must(1, "force-unlock", "-force", "not-the-lock-id")
	wantContains(t, r, id)
	if !s.exists(lockFile) {
		t.Fatal("force-unlock with the wrong ID removed the lock")
	}
	// Without -force it asks, and without a terminal it cannot.
	r = s.must(1, "force-unlock", id)
	wantContains(t, r, "-force")
	if !s.exists(lockFile) {
		t.Fatal("force-unlock without -force and without a terminal removed the lock")
	}

	s.must(0, "force-unlock", "-force", id)
	if s.exists(lockFile) {
		t.Fatal("force-unlock -force left the lock file")
	}
	s.must(0, "plan", "-lock-timeout=0s")
}

func TestLockOfAnApplyKilledWithSIGKILLIsTakenOverAtOnce(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
variable "sleep" {
  default = "120s"
}

resource "time_sleep" "slow" {
  create_duration = var.sleep
}

resource "null_resource" "fast" {}

resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "fast"
}
`})
	bg := startSlowApply(t, s)
	var holder state.LockInfo
	if err := json.Unmarshal([]byte(s.read(lockFile)), &holder); err != nil {
		t.Fatalf("lock file of the running apply: %v", err)
	}
	if holder.PID != bg.cmd.Process.Pid || holder.Host == "" {
		t.Fatalf("the lock records PID %d on %q, want the apply's PID %d and its host", holder.PID, holder.Host, bg.cmd.Process.Pid)
	}
	if err := bg.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	bg.wait(t, 30*time.Second)
	if !s.exists(lockFile) {
		t.Fatal("the killed apply left no lock: the test would prove nothing")
	}

	// The lease (two minutes) has not run out, yet the next apply does not
	// wait: the holder's process is gone.
	started := time.Now()
	r := s.must(0, "apply", "-auto-approve", "-lock-timeout=0s", "-no-color", "-var", "sleep=0s")
	wantContains(t, r, "Took over the state lock "+holder.ID, fmt.Sprintf("its process %d", holder.PID), "is no longer running")
	if d := time.Since(started); d > time.Minute {
		t.Fatalf("the next apply took %v", d)
	}
	if s.exists(lockFile) {
		t.Fatal("the lock file remains after the next apply finished")
	}
	wantAddresses(t, s.state(), "time_sleep.slow", "null_resource.fast", "local_file.f")
	s.must(0, "plan", "-lock-timeout=0s", "-detailed-exitcode", "-var", "sleep=0s")
}
