package main

import (
	"testing"
)

// TestTerraformDataLikeTerraform applies a stack of terraform_data
// resources with both tools: a create, a variable change that replaces one
// object and updates others in place, and a no-op; outputs, plan summaries
// and state agree, and each tool plans the other's state as a no-op.
func TestTerraformDataLikeTerraform(t *testing.T) {
	t.Parallel()
	runCompat(t, "testdata/terraform-compat/terraform_data", []compatStep{
		{},
		{Args: []string{"-var", "env=prod"}},
		{Args: []string{"-var", "env=prod"}},
	})
}

// TestOverrideFilesLikeTerraform: override.tf, a_override.tf and a JSON
// override merged into the primary file give the same plan, outputs and
// state as with Terraform.
func TestOverrideFilesLikeTerraform(t *testing.T) {
	t.Parallel()
	runCompat(t, "testdata/terraform-compat/overrides", []compatStep{{}, {}})
}

// A stack of modules (count and for_each calls, two levels of nesting,
// outputs read across calls) is then refactored as teams do: moved
// blocks rename a counted module call and a resource inside a for_each
// module, a removed block forgets a whole module, and import blocks
// (one with for_each, one into a module) adopt objects — with the same
// plans, outputs and state as Terraform's.
func TestModulesAndRefactoringLikeTerraform(t *testing.T) {
	t.Parallel()
	steps := "testdata/terraform-compat/modules.steps/"
	imports := stepFiles(t, steps+"4-import")
	imports["removed.tf"] = ""
	runCompat(t, "testdata/terraform-compat/modules", []compatStep{
		{},
		{Files: stepFiles(t, steps+"2-moved")},
		{Files: stepFiles(t, steps+"3-removed")},
		{Files: imports},
	})
}

// Conditions, checks and replace_triggered_by give Terraform's plans,
// state and check_results: a first apply, a change that replaces the
// resources whose replace_triggered_by names an updated one, and a no-op.
func TestTerraformCompatConditions(t *testing.T) {
	t.Parallel()
	prod := []string{"-var", "env=prod", "-var", "size=3"}
	runCompat(t, "testdata/terraform-compat/conditions", []compatStep{{}, {Args: prod}, {Args: prod}})
}
