package main

import (
	"testing"
)

// TestTerraformDataLikeTerraform applies a stack of terraform_data
// resources with both tools: a create, a variable change that replaces one
// object and updates others in place, and a no-op; outputs, plan summaries
// and state agree, and each tool plans the other's state as a no-op.
func TestTerraformDataLikeTerraform(t *testing.T) {
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
	runCompat(t, "testdata/terraform-compat/overrides", []compatStep{{}, {}})
}
