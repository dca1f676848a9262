package main

import (
	"strings"
	"testing"
)

// TestCompactWarnings checks plan and apply -compact-warnings, as
// Terraform's: warnings alone are listed by summary, located ones grouped
// ("(and 1 more)"); with an error every diagnostic is printed whole. And
// -concise is accepted.
func TestCompactWarnings(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{
		"main.tf":          "resource \"terraform_data\" \"a\" {}\n",
		"terraform.tfvars": "foo = 1\nbar = 2\n",
	})
	s.must(0, "init")
	const detail = "The root module does not declare a variable named"
	full := s.must(0, "plan", "-no-color")
	if !strings.Contains(full.stderr, detail) {
		t.Fatalf("plan without -compact-warnings lacks the warnings' details:\n%s", full)
	}
	for _, cmd := range [][]string{{"plan", "-no-color", "-compact-warnings", "-concise"}, {"apply", "-no-color", "-compact-warnings", "-auto-approve"}} {
		r := s.must(0, cmd...)
		want := "\nWarnings:\n\n- Value for undeclared variable\n  on terraform.tfvars line 1 (and 1 more)\n\nTo see the full warning notes, run trueup without -compact-warnings.\n"
		if !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, detail) {
			t.Errorf("%v: want the compact list\n%q\nin:\n%s", cmd, want, r)
		}
	}
	r := s.must(1, "plan", "-no-color", "-compact-warnings", "-var", "nope=1")
	if !strings.Contains(r.stderr, detail) || strings.Contains(r.stderr, "Warnings:") {
		t.Errorf("with an error, the warnings were not printed whole:\n%s", r)
	}
}
