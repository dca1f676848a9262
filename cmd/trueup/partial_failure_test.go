package main

import "testing"

func TestPartialFailureRecordsWhatCompletedAndStopsOnlyDependentsOfTheFailure(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{
		// A regular file where local_file.bad needs a directory.
		"blocker": "I am a file, not a directory\n",
		"main.tf": `
resource "local_file" "bad" {
  filename = "${path.module}/blocker/sub/bad.txt"
  content  = "never written"
}

resource "null_resource" "needs_bad" {
  triggers = {
    file = local_file.bad.id
  }
}

resource "local_file" "good" {
  filename = "${path.module}/good.txt"
  content  = "written"
}
`})

	r := s.must(1, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, "local_file.bad", "on main.tf line", "Apply failed")
	// The dependent left undone is named, not silently skipped.
	wantContains(t, r, "Changes not applied", "null_resource.needs_bad")
	wantNotContains(t, r, "null_resource.needs_bad: Creating")

	wantAddresses(t, s.state(), "local_file.good")
	if got := s.read("good.txt"); got != "written" {
		t.Fatalf("good.txt = %q", got)
	}
	if s.exists(lockFile) {
		t.Fatal("a failed apply left the state locked")
	}

	// What failed and what it blocked are still to do.
	r = s.must(2, "plan", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "# local_file.bad will be created", "# null_resource.needs_bad will be created",
		"Plan: 2 to add, 0 to change, 0 to destroy.")
}
