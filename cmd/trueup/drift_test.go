package main

import (
	"os"
	"strings"
	"testing"
)

// driftStack is a stack with one managed file, applied.
func driftStack(t *testing.T) *stack {
	t.Helper()
	s := newStack(t, map[string]string{"main.tf": `
resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "managed by trueup\n"
}

resource "null_resource" "other" {}
`})
	s.must(0, "apply", "-auto-approve")
	if got := s.read("f.txt"); got != "managed by trueup\n" {
		t.Fatalf("f.txt = %q after apply", got)
	}
	return s
}

func TestEditedFileIsDriftThatPlanNamesAndApplyRepairs(t *testing.T) {
	t.Parallel()
	s := driftStack(t)
	s.write("f.txt", "edited by hand\n")

	r := s.must(2, "plan", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "# local_file.f has changed", "~ content", "edited by hand")
	wantNotContains(t, r, "null_resource.other")
	if got := s.read("f.txt"); got != "edited by hand\n" {
		t.Fatalf("plan changed f.txt to %q", got)
	}

	s.must(0, "apply", "-auto-approve")
	if got := s.read("f.txt"); got != "managed by trueup\n" {
		t.Fatalf("apply did not restore f.txt: %q", got)
	}
	s.must(0, "plan", "-detailed-exitcode")
}

func TestDeletedFileIsPlannedForRecreationAndApplyRestoresIt(t *testing.T) {
	t.Parallel()
	s := driftStack(t)
	if err := os.Remove(s.path("f.txt")); err != nil {
		t.Fatal(err)
	}

	r := s.must(2, "plan", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "# local_file.f will be created", "Plan: 1 to add, 0 to change, 0 to destroy.")

	s.must(0, "apply", "-auto-approve")
	if got := s.read("f.txt"); got != "managed by trueup\n" {
		t.Fatalf("apply did not re-create f.txt: %q", got)
	}
	wantAddresses(t, s.state(), "local_file.f", "null_resource.other")
}

func TestPlanWithRefreshFalseDoesNotSeeDrift(t *testing.T) {
	t.Parallel()
	s := driftStack(t)
	s.write("f.txt", "edited by hand\n")

	r := s.must(0, "plan", "-refresh=false", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "No changes.")
	wantNotContains(t, r, "edited by hand")
	s.must(2, "plan", "-detailed-exitcode")
}

func TestPlanWithRefreshChangedReadsOnlyWhatTheChangeTouches(t *testing.T) {
	t.Parallel()
	s := driftStack(t)
	s.write("f.txt", "edited by hand\n")

	// Nothing in the configuration changed: nothing is read, the drift is
	// the drift check's to find.
	r := s.must(0, "plan", "-refresh=changed", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "No changes.", "-refresh=changed read 0 of the 2 objects in state")

	// The file's configuration changes: it is read, and planned from what
	// is on disk; the other object is not read.
	s.write("main.tf", strings.Replace(s.read("main.tf"), "managed by trueup", "managed by trueup, v2", 1))
	r = s.must(2, "plan", "-refresh=changed", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "# local_file.f has changed", "edited by hand", "read 1 of the 2 objects")
	wantNotContains(t, r, "null_resource.other")

	wantContains(t, s.must(1, "plan", "-refresh=sometimes"), `invalid boolean value "sometimes" for -refresh: must be true, false or changed`)
}

func TestRefreshOnlyApplyRecordsDriftInStateWithoutChangingTheFile(t *testing.T) {
	t.Parallel()
	s := driftStack(t)
	serial := s.state().Serial
	s.write("f.txt", "edited by hand\n")

	r := s.must(2, "plan", "-refresh-only", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "# local_file.f has changed")

	s.must(0, "apply", "-refresh-only", "-auto-approve")
	st := s.state()
	if got := attr(t, st, "local_file.f", "content"); got != "edited by hand\n" {
		t.Fatalf("state content after -refresh-only = %q, want the drifted content", got)
	}
	if st.Serial <= serial {
		t.Fatalf("a refresh-only apply that records drift must write state: serial %d, was %d", st.Serial, serial)
	}
	if got := s.read("f.txt"); got != "edited by hand\n" {
		t.Fatalf("-refresh-only changed the file to %q", got)
	}
	// The configuration still wants the old content: a normal plan repairs it.
	s.must(2, "plan", "-detailed-exitcode")
}

func TestDriftCommandReportsDriftAndChangesNothing(t *testing.T) {
	t.Parallel()
	s := driftStack(t)
	r := s.must(0, "drift", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "No drift")

	s.write("f.txt", "edited by hand\n")
	stateBefore := s.read(stateFile)
	r = s.must(2, "drift", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "local_file.f", "content")
	wantNotContains(t, r, "null_resource.other")
	if s.read("f.txt") != "edited by hand\n" || s.read(stateFile) != stateBefore {
		t.Fatal("drift changed the file or the state: it must only report")
	}
	s.must(0, "drift", "-detailed-exitcode", "-ignore=local_file.f")
}
