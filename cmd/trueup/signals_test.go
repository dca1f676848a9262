package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// interruptConfig has one slow resource, a dependent of it, and fast
// independent resources.
func interruptConfig(sleep string) map[string]string {
	return map[string]string{"main.tf": `
resource "time_sleep" "slow" {
  create_duration = "` + sleep + `"
}

resource "null_resource" "after_slow" {
  depends_on = [time_sleep.slow]
}

resource "null_resource" "fast" {}

resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "fast"
}
`}
}

// startSlowApply starts an apply and waits until the fast resources are
// done and the slow one is in flight.
func startSlowApply(t *testing.T, s *stack) *background {
	t.Helper()
	bg := s.start("apply", "-auto-approve", "-no-color")
	waitFor(t, "the fast resources to complete while time_sleep.slow runs", 30*time.Second, func() bool {
		out := bg.output()
		return strings.Contains(out, "null_resource.fast: Creation complete") &&
			strings.Contains(out, "local_file.f: Creation complete") &&
			strings.Contains(out, "time_sleep.slow: Creating...")
	})
	return bg
}

func TestInterruptDuringApplyFinishesInFlightWorkSavesStateAndReleasesTheLock(t *testing.T) {
	t.Parallel()
	s := newStack(t, interruptConfig("4s"))
	bg := startSlowApply(t, s)
	if err := bg.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	// The in-flight sleep of 4s finishes; nothing new starts.
	code := bg.wait(t, 30*time.Second)
	if code == 0 {
		t.Fatalf("an interrupted apply must exit non-zero; output:\n%s", bg.output())
	}
	if !strings.Contains(bg.output(), "Interrupt") {
		t.Errorf("the output does not acknowledge the interrupt:\n%s", bg.output())
	}

	wantAddresses(t, s.state(), "time_sleep.slow", "null_resource.fast", "local_file.f")
	if s.exists(lockFile) {
		t.Fatal("the interrupted apply left the state locked")
	}
	r := s.must(2, "plan", "-lock-timeout=0s", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "# null_resource.after_slow will be created", "Plan: 1 to add, 0 to change, 0 to destroy.")
}

func TestSecondInterruptCancelsInFlightWorkSavesStateReleasesTheLockAndExits130(t *testing.T) {
	t.Parallel()
	s := newStack(t, interruptConfig("120s"))
	bg := startSlowApply(t, s)
	if err := bg.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first interrupt to be acknowledged", 30*time.Second, func() bool {
		return strings.Contains(bg.output(), "Interrupt received")
	})
	if err := bg.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Far less than the 120s the sleep would take: it was cancelled.
	if code := bg.wait(t, 30*time.Second); code != 130 {
		t.Fatalf("a twice-interrupted apply exited %d, want 130; output:\n%s", code, bg.output())
	}
	if !strings.Contains(bg.output(), "Second interrupt: cancelling in-flight operations") {
		t.Errorf("the output does not acknowledge the second interrupt:\n%s", bg.output())
	}
	if strings.Contains(bg.output(), "force-unlock") {
		t.Errorf("the apply had time to release its lock but says it may need force-unlock:\n%s", bg.output())
	}
	// What completed before the interrupts is saved; the cancelled sleep
	// is not recorded, and the lock is released.
	wantAddresses(t, s.state(), "null_resource.fast", "local_file.f")
	if s.exists(lockFile) {
		t.Fatal("the twice-interrupted apply left the state locked")
	}
	r := s.must(2, "plan", "-lock-timeout=0s", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "# time_sleep.slow will be created", "Plan: 2 to add, 0 to change, 0 to destroy.")
}

// A resource of many instances is planned in one graph operation; the
// interrupt is looked at between its instances, not only between graph
// operations, so the plan stops at once rather than when the resource is
// done (before, a plan of 20,000 instances went on for seconds).
func TestInterruptStopsAPlanInsideAResourceOfManyInstances(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "null_resource" "r" {
  count    = 60000
  triggers = { v = "item-${count.index}" }
}
`})
	interruptPlanWhileWalking(t, s, 0, os.Interrupt, 60*time.Second)
}

// interruptPlanWhileWalking starts a plan of s, sends it sig after its
// walk has begun (the refresh is logged) and after, and checks that it
// stops within 5 s with exit code 1 and "Plan interrupted".
func interruptPlanWhileWalking(t *testing.T, s *stack, after time.Duration, sig os.Signal, limit time.Duration) {
	t.Helper()
	s.setenv("TRUEUP_LOG", "debug")
	bg := s.start("plan", "-no-color")
	waitFor(t, "the plan to start walking", 60*time.Second, func() bool {
		return strings.Contains(bg.output(), "refreshed")
	})
	time.Sleep(after)
	if err := bg.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	code := bg.wait(t, limit)
	if took := time.Since(sent); took > 5*time.Second {
		t.Errorf("the plan took %s to stop after %v", took, sig)
	}
	if code != 1 || !strings.Contains(bg.output(), "Plan interrupted") {
		t.Fatalf("exit code %d, want 1 with Plan interrupted:\n%s", code, bg.output())
	}
}

// TestInterruptStopsAPlanInsideOneHugeExpression: one expression that
// takes minutes to evaluate (16 million strings) cannot be stopped from
// inside; the walk abandons it on the first interrupt, since it has
// started no call that changes anything, and the plan exits at once.
func TestInterruptStopsAPlanInsideOneHugeExpression(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
locals {
  big = flatten([for i in range(1024) : [for j in range(1024) : [for k in range(16) : "${i}-${j}-${k}"]]])
}

resource "null_resource" "r" {
  triggers = { n = length(local.big) }
}
`})
	// 500 ms after the walk began: well inside the evaluation of local.big.
	interruptPlanWhileWalking(t, s, 500*time.Millisecond, syscall.SIGTERM, 120*time.Second)
}

// TestKillDuringACreationTimeProvisionerLeavesTheObjectTainted: an object
// is recorded tainted until its creation-time provisioners succeed, so a
// kill -9 while one runs leaves it in state (not lost, as Terraform, which
// records it after them, would) and the next plan replaces it.
func TestKillDuringACreationTimeProvisionerLeavesTheObjectTainted(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "null_resource" "p" {
  provisioner "local-exec" {
    command = "sleep 60"
  }
}
`})
	bg := s.start("apply", "-auto-approve", "-no-color")
	waitFor(t, "the provisioner to start", 60*time.Second, func() bool {
		return strings.Contains(bg.output(), "null_resource.p: Provisioning with 'local-exec'...")
	})
	// A record reaches the state file about a second after it is made.
	waitFor(t, "the object in the state file", 30*time.Second, func() bool {
		b, err := os.ReadFile(s.path("terraform.tfstate"))
		return err == nil && strings.Contains(string(b), `"null_resource"`)
	})
	if err := bg.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	bg.wait(t, 30*time.Second)
	st, err := os.ReadFile(s.path("terraform.tfstate"))
	if err != nil || !strings.Contains(string(st), `"status": "tainted"`) {
		t.Fatalf("the state after the kill does not hold the object tainted (%v):\n%s", err, st)
	}
	r := s.run("plan", "-no-color", "-detailed-exitcode", "-lock-timeout=30s")
	if r.code != 2 || !strings.Contains(r.stdout, "null_resource.p is tainted, so must be replaced") {
		t.Fatalf("plan after the kill: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
