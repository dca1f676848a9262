package main

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSandboxServesRemoteStateAndKeepsItAcrossRestarts(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := newStack(t, map[string]string{"main.tf": `
terraform {
  backend "s3" {
    bucket         = "tfstate"
    key            = "sandbox/terraform.tfstate"
    use_lockfile   = true
    use_path_style = true
  }
}

resource "random_pet" "name" {}
`})
	startSB := func() *background {
		sb := s.start("sandbox", "-addr=127.0.0.1:0", "-data="+data, "-buckets=tfstate")
		waitFor(t, "the sandbox to print its environment", 30*time.Second, func() bool {
			return strings.Contains(sb.output(), "STORAGE_EMULATOR_HOST=")
		})
		return sb
	}
	useEnv := func(sb *background) {
		for _, line := range strings.Split(sb.output(), "\n") {
			if kv, ok := strings.CutPrefix(strings.TrimSpace(line), "export "); ok {
				name, value, _ := strings.Cut(kv, "=")
				s.setenv(name, value)
			}
		}
	}
	stop := func(sb *background) {
		if err := sb.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if code := sb.wait(t, 30*time.Second); code != 0 {
			t.Fatalf("the sandbox exited with code %d on SIGTERM:\n%s", code, sb.output())
		}
	}

	sb := startSB()
	out := sb.output()
	for _, name := range []string{"AWS_ENDPOINT_URL=", "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_REGION=", "STORAGE_EMULATOR_HOST="} {
		if !strings.Contains(out, "export "+name) {
			t.Errorf("the sandbox did not print export %s...:\n%s", name, out)
		}
	}
	useEnv(sb)
	s.must(0, "apply", "-auto-approve")
	before := s.must(0, "state", "pull").stdout
	stop(sb)

	// A new sandbox on the same data directory (on new ports) still holds
	// the state.
	sb = startSB()
	useEnv(sb)
	after := s.must(0, "state", "pull").stdout
	if before != after {
		t.Fatalf("the state changed across a sandbox restart:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	s.must(0, "plan", "-detailed-exitcode")
	stop(sb)
}
