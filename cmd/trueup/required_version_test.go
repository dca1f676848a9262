package main

import "testing"

// TestRequiredVersionForAnotherTerraformWarns: plan and validate go on
// with a configuration that requires a Terraform newer than the one whose
// language trueup follows, saying so where the constraint is; a pin that
// an older release meets says nothing.
func TestRequiredVersionForAnotherTerraformWarns(t *testing.T) {
	t.Parallel()
	stack := func(constraint string) map[string]string {
		return map[string]string{"main.tf": "terraform {\n  required_version = \"" + constraint + "\"\n}\n\noutput \"n\" {\n  value = 1\n}\n"}
	}
	s := newStack(t, stack(">= 9.0"))
	for _, args := range [][]string{{"plan"}, {"validate"}} {
		wantContains(t, s.must(0, args...), "Warning: Unsupported Terraform Core version", "main.tf line 2", `required_version ">= 9.0"`)
	}
	s = newStack(t, stack("~> 1.5.0"))
	wantNotContains(t, s.must(0, "plan"), "Unsupported Terraform Core version")
}
