package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
)

// startSandbox serves the S3 and GCS emulators on loopback for one test,
// with a bucket "tfstate" in both.
func startSandbox(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", Buckets: []string{"tfstate"}})
	if err != nil {
		t.Fatalf("starting the sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// remoteStack is a stack whose state lives in the sandbox's bucket.
func remoteStack(t *testing.T, sb *sandbox.Sandbox, backend string) *stack {
	s := newStack(t, map[string]string{"main.tf": `
terraform {
` + backend + `
}

resource "time_sleep" "wait" {
  create_duration = "8s"
}

resource "null_resource" "a" {
  triggers = { after = time_sleep.wait.id }
}

resource "random_pet" "name" {}
`})
	for _, kv := range sb.Env() {
		name, value, _ := strings.Cut(strings.TrimPrefix(kv, "export "), "=")
		s.setenv(name, value)
	}
	return s
}

func TestTwoAppliesOnOneRemoteStackNeverInterleave(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	backends := map[string]string{
		"s3":  `backend "s3" {` + "\n" + `bucket = "tfstate"` + "\n" + `key = "two/terraform.tfstate"` + "\n" + `use_lockfile = true` + "\n" + `use_path_style = true` + "\n}",
		"gcs": `backend "gcs" {` + "\n" + `bucket = "tfstate"` + "\n" + `prefix = "two"` + "\n}",
		"pg":  `backend "pg" {` + "\n" + `conn_str = "` + sharedPG.Get(t).NewDatabase(t) + `"` + "\n}",
	}
	for name, backend := range backends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := remoteStack(t, sb, backend)
			first := s.start("apply", "-auto-approve")
			// The lock is described by the lock-info that first saw it: on a
			// loaded machine, asking again could come after the apply ended.
			var info result
			waitFor(t, "the first apply to take the remote lock", 30*time.Second, func() bool {
				info = s.run("state", "lock-info")
				return info.code == 0 && strings.Contains(info.stdout, "Lock ID:")
			})
			wantContains(t, info, "Operation: apply", whoAmI(t))

			// A second apply without waiting fails, naming the holder.
			r := s.must(1, "apply", "-auto-approve", "-lock-timeout=0s")
			wantContains(t, r, "state locked by "+whoAmI(t), "for apply")

			// A second apply that waits succeeds once the first is done.
			second := s.start("apply", "-auto-approve", "-lock-timeout=60s")
			if code := first.wait(t, 60*time.Second); code != 0 {
				t.Fatalf("the first apply failed (%d):\n%s", code, first.output())
			}
			if code := second.wait(t, 60*time.Second); code != 0 {
				t.Fatalf("the waiting apply failed (%d):\n%s", code, second.output())
			}

			pulled := s.must(0, "state", "pull")
			st, err := state.Decode([]byte(pulled.stdout))
			if err != nil {
				t.Fatalf("the remote state does not decode: %v", err)
			}
			wantAddresses(t, st, "null_resource.a", "random_pet.name", "time_sleep.wait")
			if objectCount(st) != 3 {
				t.Fatalf("the remote state holds %d objects, want each resource once", objectCount(st))
			}
			if r := s.run("state", "lock-info"); !strings.Contains(r.stdout, "is not locked") {
				t.Fatalf("the lock was not released:\n%s", r)
			}
		})
	}
}

func TestLocalStateIsMigratedIntoANewRemoteBackend(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	s := newStack(t, map[string]string{"main.tf": `resource "random_pet" "name" {}`})
	for _, kv := range sb.Env() {
		name, value, _ := strings.Cut(strings.TrimPrefix(kv, "export "), "=")
		s.setenv(name, value)
	}
	s.must(0, "apply", "-auto-approve")
	local := s.state()
	s.write("backend.tf", `terraform {
  backend "s3" {
    bucket = "tfstate"
    use_path_style = true
  }
}
`)
	// The key is given on the command line, as a secret would be.
	r := s.must(1, "plan")
	wantContains(t, r, "init -migrate-state")
	r = s.must(1, "init", "-backend-config=key=migrated/terraform.tfstate")
	wantContains(t, r, "-migrate-state")
	s.must(0, "init", "-migrate-state", "-force-copy", "-backend-config=key=migrated/terraform.tfstate")

	resp, err := http.Get(sb.S3URL() + "/tfstate/migrated/terraform.tfstate")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	remote, err := state.Decode(body)
	if err != nil {
		t.Fatalf("the migrated object is not a state: %v\n%s", err, body)
	}
	if remote.Lineage != local.Lineage || remote.Serial != local.Serial {
		t.Fatalf("migrated state has lineage %s serial %d, want %s %d", remote.Lineage, remote.Serial, local.Lineage, local.Serial)
	}
	s.must(0, "plan", "-detailed-exitcode")
}
