package main

// The plan text of a plugin resource's typed values that Terraform writes
// in ways of their own, compared line for line with Terraform's: a string
// attribute holding JSON (jsonencode and a diff of its structure), a
// multi-line string (a heredoc diffed line by line), a list of numbers
// (along the longest common subsequence) and a set of strings (the
// elements only one side has), created, updated and destroyed.

import (
	"path/filepath"
	"testing"
)

// planValuesSteps are fw_doc's bodies in turn; the last, empty, removes
// it.
var planValuesSteps = []planTextStep{
	{"create", `
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })
  notes  = "first\nsecond\nthird\n"
  ports  = [80, 443, 8080, 9000]
  groups = ["sg-1", "sg-2", "sg-3"]
`}, {"update", `
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*" }] })
  notes  = "first\nsecond changed\nthird\n"
  ports  = [80, 8443, 443, 8080, 9000]
  groups = ["sg-2", "sg-3", "sg-4"]
`}, {"destroy", ""}}

// TestPluginPlanTextOfTypedValuesAsTerraform compares trueup's plan text
// with Terraform's for each step; without terraform on PATH, with
// Terraform's texts recorded in testdata/plugin-compat/plantext-values.json
// (-update re-records them).
func TestPluginPlanTextOfTypedValuesAsTerraform(t *testing.T) {
	t.Parallel()
	comparePlanTexts(t, filepath.Join("testdata", "plugin-compat", "plantext-values.json"), "fw_doc", "d", "", planValuesSteps)
}
