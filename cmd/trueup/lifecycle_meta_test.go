package main

import (
	"strings"
	"testing"
)

func TestPreventDestroyRefusesDestroyAndReplacementAndChangesNothing(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
variable "v" {
  default = "1"
}

resource "null_resource" "keep" {
  triggers = { v = var.v }

  lifecycle {
    prevent_destroy = true
  }
}

resource "null_resource" "other" {}
`})
	s.must(0, "apply", "-auto-approve")
	before := s.read(stateFile)

	for _, args := range [][]string{
		{"destroy", "-auto-approve", "-no-color"},
		{"plan", "-destroy", "-no-color"},
		{"apply", "-var", "v=2", "-auto-approve", "-no-color"}, // triggers force a replacement
		{"apply", "-replace=null_resource.keep", "-auto-approve", "-no-color"},
	} {
		r := s.must(1, args...)
		wantContains(t, r, "null_resource.keep", "prevent_destroy", "on main.tf line 6")
		if s.read(stateFile) != before {
			t.Fatalf("trueup %s was refused but changed the state", strings.Join(args, " "))
		}
	}
	wantAddresses(t, s.state(), "null_resource.keep", "null_resource.other")
}

func TestCreateBeforeDestroyCreatesTheNewObjectBeforeDeletingTheOld(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
variable "v" {
  default = "1"
}

resource "null_resource" "cbd" {
  triggers = { v = var.v }

  lifecycle {
    create_before_destroy = true
  }
}

resource "null_resource" "plain" {
  triggers = { v = var.v }
}
`})
	s.must(0, "apply", "-auto-approve")
	old := s.state()

	r := s.must(0, "plan", "-var", "v=2", "-no-color")
	wantMatch(t, r, `(?m)^\+/- resource "null_resource" "cbd"`, `(?m)^-/\+ resource "null_resource" "plain"`)
	wantContains(t, r, "Plan: 2 to add, 0 to change, 2 to destroy.")

	r = s.must(0, "apply", "-var", "v=2", "-auto-approve", "-no-color")
	// The progress lines are printed as the operations happen.
	created := lineIndex(t, r, "null_resource.cbd: Creation complete")
	// The old object is deposed while its replacement is created, and named
	// so when it is destroyed, as Terraform does.
	destroying := lineIndex(t, r, "null_resource.cbd (deposed object ")
	if created > destroying {
		t.Errorf("create_before_destroy: the old object was destroyed before the new one was created\n%s", r)
	}
	// Without create_before_destroy the order is the other way round.
	if lineIndex(t, r, "null_resource.plain: Destruction complete") > lineIndex(t, r, "null_resource.plain: Creating...") {
		t.Errorf("a plain replacement created before destroying\n%s", r)
	}

	st := s.state()
	if n := objectCount(st); n != 2 {
		t.Fatalf("state holds %d objects, want exactly one per resource (no deposed object left)", n)
	}
	if attr(t, st, "null_resource.cbd", "id") == attr(t, old, "null_resource.cbd", "id") {
		t.Fatal("null_resource.cbd was not replaced")
	}
	s.must(0, "plan", "-var", "v=2", "-detailed-exitcode")
}

// lineIndex returns the index of the first stdout line containing sub.
func lineIndex(t *testing.T, r result, sub string) int {
	t.Helper()
	for i, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, sub) {
			return i
		}
	}
	t.Fatalf("no output line contains %q\n%s", sub, r)
	return -1
}
