package main

import (
	"strings"
	"testing"
)

// TestAutoApprovedApplyWritesThePlanBeforeItsProgress: an auto-approved
// apply writes the plan's text while its first objects are created
// (overlapText), and its output reads as before: the whole text, then
// every progress line, then the summary.
func TestAutoApprovedApplyWritesThePlanBeforeItsProgress(t *testing.T) {
	s := newStack(t, map[string]string{"main.tf": `
resource "terraform_data" "a" {
  count = 300
  input = "a${count.index}"
}
resource "terraform_data" "b" {
  count = 300
  input = terraform_data.a[count.index].output
}
`})
	check := func(r result, plan, done, summary string, n int) {
		t.Helper()
		lines := strings.Split(r.stdout, "\n")
		planAt, firstProgress, lastDone, summaryAt, dones := -1, -1, -1, -1, 0
		for i, l := range lines {
			switch {
			case strings.HasPrefix(l, plan):
				planAt = i
			case strings.Contains(l, "ing...") && strings.HasPrefix(l, "terraform_data.") && firstProgress < 0: // "Destroying... [id=X]"
				firstProgress = i
			case strings.Contains(l, done):
				lastDone, dones = i, dones+1
			case strings.HasPrefix(l, summary):
				summaryAt = i
			}
		}
		if planAt < 0 || firstProgress < planAt || lastDone > summaryAt || dones != n {
			t.Fatalf("%q at line %d, first progress line %d, %d %q lines (want %d), the last at %d, %q at %d:\n%s",
				plan, planAt, firstProgress, dones, done, n, lastDone, summary, summaryAt, r.stdout)
		}
	}
	check(s.must(0, "apply", "-auto-approve", "-no-color"), "Plan: 600 to add", "Creation complete", "Apply complete!", 600)
	check(s.must(0, "destroy", "-auto-approve", "-no-color"), "Plan: 0 to add, 0 to change, 600 to destroy", "Destruction complete", "Destroy complete!", 600)
}
