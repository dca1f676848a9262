package main

import (
	"encoding/json"
	"testing"
)

const policyStack = `
variable "token" {
  default   = "policy-secret-value"
  sensitive = true
}

resource "local_file" "public" {
  filename = "${path.module}/public.txt"
  content  = var.token
}

resource "null_resource" "n" {}
`

const policyRego = `package trueup.files

import rego.v1

deny_nothing contains "never" if false

deny contains {"msg": sprintf("%s: files must not be named public", [rc.address]), "address": rc.address} if {
	some rc in input.resource_changes
	rc.type == "local_file"
	endswith(rc.change.after.filename, "public.txt")
}

# A policy never sees a sensitive value: the plan JSON holds null there.
deny contains "a secret reached the policy input" if {
	some rc in input.resource_changes
	rc.change.after.content == "policy-secret-value"
}

warn contains sprintf("%s has no triggers", [rc.address]) if {
	some rc in input.resource_changes
	rc.type == "null_resource"
	rc.change.after.triggers == null
}

test_named_public_is_denied if {
	count(deny) == 1 with input as {"resource_changes": [{"address": "local_file.x", "type": "local_file", "change": {"after": {"filename": "a/public.txt"}}}]}
}
`

// TestPolicyTestChecksSavedPlansAsConftestDoes: `trueup policy test DIR
// PLAN` evaluates Rego policies against a plan saved by `plan -out` (and
// against its `show -json`), prints conftest's FAIL/WARN lines and
// summary, and exits as conftest does.
func TestPolicyTestChecksSavedPlansAsConftestDoes(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": policyStack, "policy/files.rego": policyRego})
	s.must(0, "plan", "-out=tfplan", "-no-color")

	r := s.must(1, "policy", "test", "policy", "tfplan")
	wantContains(t, r,
		"FAIL - tfplan - trueup.files - local_file.public: files must not be named public",
		"WARN - tfplan - trueup.files - null_resource.n has no triggers",
		"3 tests, 1 passed, 1 warnings, 1 failures, 0 exceptions")
	wantNotContains(t, r, "a secret reached the policy input", "policy-secret-value")

	// The JSON of show -json is accepted too, and -fail-on-warn exits 2 on failures.
	s.write("plan.json", s.must(0, "show", "-json", "tfplan").stdout)
	r = s.must(2, "policy", "test", "-fail-on-warn", "-json", "policy", "plan.json")
	var reports []struct {
		Filename string
		Failures []struct{ Address, Msg string }
		Warnings []struct{ Msg string }
		Passed   int
	}
	if err := json.Unmarshal([]byte(r.stdout), &reports); err != nil {
		t.Fatalf("policy test -json: %v\n%s", err, r)
	}
	if len(reports) != 1 || len(reports[0].Failures) != 1 || reports[0].Failures[0].Address != "local_file.public" || len(reports[0].Warnings) != 1 {
		t.Errorf("reports %+v", reports)
	}

	// Restricted to a namespace without rules: nothing to fail.
	s.must(0, "policy", "test", "-namespace=other", "policy", "tfplan")

	// Without a plan, the policies' own tests run.
	wantContains(t, s.must(0, "policy", "test", "policy"), "PASS: 1/1")
}

func TestPolicyTestRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{
		"main.tf":     "resource \"null_resource\" \"n\" {}\n",
		"bad/x.rego":  "package bad\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := nope(input)\n}\n",
		"good/x.rego": "package ok\n\nimport rego.v1\n\ndeny contains \"x\" if false\n",
		"notjson.txt": "this is not a plan",
	})
	wantContains(t, s.must(1, "policy", "test", "bad", "notjson.txt"), "Invalid policy", "bad/x.rego:6:", "nope")
	wantContains(t, s.must(1, "policy", "test", "good", "notjson.txt"), "notjson.txt is neither a saved plan nor a JSON document")
	wantContains(t, s.must(1, "policy", "test", "empty-dir-that-does-not-exist", "notjson.txt"), "Invalid policy")
}
