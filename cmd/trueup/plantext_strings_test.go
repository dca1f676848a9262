package main

// The plan text of changed strings, compared with Terraform's: a JSON
// document is shown as jsonencode(...) of its structure and its change as
// a diff of it (an added policy action is one line), a change of its
// whitespace alone says so, a multi-line string is diffed line by line,
// and a destroyed object's values end in "-> null". The script runs with
// terraform on PATH, or against its recording.

import (
	"strings"
	"testing"
)

const planStringsRecording = "../../testdata/e2e/plan-text-strings/terraform-1.11.4.json"

// planStringsConfig plans each kind of string change when v goes from 1
// to 2. terraform_data needs no provider binary.
const planStringsConfig = `variable "v" { default = 1 }
locals {
  p1 = { Version = "2012-10-17", Statement = [{ Sid = "Read", Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }, { Sid = "List", Effect = "Allow", Action = "s3:ListBucket", Resource = "arn:aws:s3:::b" }] }
  p2 = { Version = "2012-10-17", Statement = [{ Sid = "Read", Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*" }, { Sid = "List", Effect = "Allow", Action = "s3:ListBucket", Resource = "arn:aws:s3:::b" }], Id = "x" }
}
resource "terraform_data" "policy" {
  input = var.v == 1 ? jsonencode(local.p1) : jsonencode(local.p2)
}
resource "terraform_data" "spaces" {
  input = var.v == 1 ? "{\"a\": 1, \"b\": [1, 2]}" : "{\"a\":1,\"b\":[1,2]}"
}
resource "terraform_data" "text" {
  input = var.v == 1 ? "first\nsecond\nthird\nfourth\n" : "first\nsecond changed\nthird\nfifth\n"
}
resource "terraform_data" "kind" {
  input = var.v == 1 ? "plain" : "[\"now\", \"json\", null, 1.50]"
}
resource "terraform_data" "arr" {
  input = var.v == 1 ? "[1,2,3,4,5,6,7]" : "[1,2,3,9,5,6,7,8]"
}
resource "terraform_data" "fresh" {
  count = var.v == 1 ? 0 : 1
  input = "{\"nested\":\"{\\\"in\\\":true}\",\"multi\":\"a\\nb\",\"key with space\":{},\"e\":[],\"n\":null}"
}
resource "terraform_data" "gone" {
  count = var.v == 1 ? 1 : 0
  input = "{\"x\":[1,{\"y\":2}]}"
}
`

// planAfterChange applies config with v = 1 and returns what plan says
// for v = 2.
func planAfterChange(t *testing.T, dir string, run runFunc, config string) string {
	t.Helper()
	applyScriptStack(t, dir, run, config)
	code, out := run(nil, "plan", "-input=false", "-no-color", "-var", "v=2")
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, out)
	}
	return out
}

// runPlanStrings returns the changes planned for planStringsConfig, IDs
// normalised.
func runPlanStrings(t *testing.T, dir string, run runFunc) string {
	return anyUUIDRE.ReplaceAllString(planActions(planAfterChange(t, dir, run, planStringsConfig)), "<id>")
}

func TestPlanTextOfStringsAsTerraform(t *testing.T) {
	t.Parallel()
	compareWithTerraform(t, planStringsRecording, runPlanStrings)
}

const planDynamicRecording = "../../testdata/e2e/plan-text-dynamic/terraform-1.11.4.json"

// planDynamicConfig changes values of no fixed type, terraform_data's
// input and an output, when v goes from 1 to 2: Terraform writes them as
// their JSON (maps and objects alike, nulls shown), lists diffed along
// their longest common subsequence.
const planDynamicConfig = `variable "v" { default = 1 }
locals {
  inputs = [{
    list   = ["a", "b", "c", "d"]
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })
    text   = "line1\nline2\nline3\n"
    m      = { a = 1, b = 2, c = 3 }
    keys   = { "1" = "a", b = 2, "with space" = true }
    gone   = ["x"]
    nested = [{ y = null, z = 1 }]
  }, {
    list   = ["a", "c", "d", "e"]
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*" }] })
    text   = "line1\nline2 changed\nline3\n"
    m      = tomap({ a = 1, b = 5, c = 3 })
    keys   = { "1" = "b", b = 2, "with space" = false }
    set    = toset(["b", "a"])
    nested = [{ y = null, z = 2 }, { y = "n", z = 3 }]
  }]
}
resource "terraform_data" "d" {
  input = local.inputs[var.v - 1]
}
output "o" {
  value = local.inputs[var.v - 1]
}
output "num" {
  value = [1.50, 2][var.v - 1]
}
`

// runPlanDynamic returns the changes planned for planDynamicConfig,
// resources and outputs, IDs normalised.
func runPlanDynamic(t *testing.T, dir string, run runFunc) string {
	out := planAfterChange(t, dir, run, planDynamicConfig)
	if i := strings.Index(out, "will perform the following actions:\n"); i >= 0 {
		out = out[i:]
	}
	if i := strings.Index(out, "\n─"); i >= 0 {
		out = out[:i]
	}
	return anyUUIDRE.ReplaceAllString(strings.TrimSpace(out), "<id>")
}

func TestPlanTextOfDynamicValuesAsTerraform(t *testing.T) {
	t.Parallel()
	compareWithTerraform(t, planDynamicRecording, runPlanDynamic)
}
