package main

import (
	"encoding/json"
	"os"
	"os/user"
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
