package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// conditionsStack has a precondition, a postcondition known only after
// apply, an output precondition and a variable validation that refers to
// another variable, each failing for one value of var.env.
const conditionsStack = `
variable "env" {
  default = "dev"
}

variable "size" {
  default = 1
  validation {
    condition     = var.env != "prod" || var.size >= 3
    error_message = "prod needs size >= 3, got ${var.size}."
  }
}

resource "terraform_data" "base" {
  input = var.env
  lifecycle {
    precondition {
      condition     = length(var.env) > 1
      error_message = "env must be longer than one character."
    }
    postcondition {
      condition     = self.output != "late"
      error_message = "output is ${self.output}."
    }
  }
}

output "env" {
  value = terraform_data.base.output
  precondition {
    condition     = var.env != "bad"
    error_message = "env must not be bad."
  }
}
`

func TestFailedConditionsAreLocatedErrorsAndLeaveStateAsItWas(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": conditionsStack})
	s.must(0, "apply", "-auto-approve")
	before := s.read(stateFile)

	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"a false precondition stops the plan", []string{"-var", "env=x"},
			[]string{"Error: Resource precondition failed", "on main.tf line 18, in resource \"terraform_data\" \"base\"", "env must be longer than one character."}},
		{"a false output precondition stops the plan", []string{"-var", "env=bad"},
			[]string{"Error: Module output value precondition failed", "on main.tf line 31, in output \"env\"", "env must not be bad."}},
		{"a validation rule may refer to another variable", []string{"-var", "env=prod"},
			[]string{"Error: Invalid value for variable", "on main.tf line 9", "prod needs size >= 3, got 1."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, cmd := range []string{"plan", "apply"} {
				args := append([]string{cmd, "-no-color", "-auto-approve"}, c.args...)
				if cmd == "plan" {
					args = append([]string{cmd, "-no-color"}, c.args...)
				}
				r := s.must(1, args...)
				wantContains(t, r, c.want...)
				if s.read(stateFile) != before {
					t.Fatalf("trueup %v failed a condition but changed the state", args)
				}
			}
		})
	}
	s.must(0, "plan", "-var", "env=prod", "-var", "size=3", "-no-color")
}

func TestPostconditionKnownOnlyAfterApplyFailsTheApplyAndKeepsTheObject(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": conditionsStack + `
resource "terraform_data" "after" {
  input = terraform_data.base.output
}
`})
	// The planned output is unknown: the postcondition passes for now.
	s.must(0, "plan", "-var", "env=late", "-no-color")
	r := s.must(1, "apply", "-var", "env=late", "-auto-approve", "-no-color")
	wantContains(t, r, "Error: Resource postcondition failed", "on main.tf line 22", "output is late.")
	// As in Terraform the object is recorded; what depends on it is not
	// applied.
	wantAddresses(t, s.state(), "terraform_data.base")
}

func TestCheckBlocksWarnAndRecordTheirResultsInState(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{
		"main.tf": `
variable "env" {
  default = "toolong"
}

resource "terraform_data" "r" {
  input = var.env
}

check "env_is_short" {
  assert {
    condition     = length(terraform_data.r.input) < 5
    error_message = "env ${terraform_data.r.input} is long."
  }
}

check "remote" {
  data "terraform_remote_state" "other" {
    backend = "local"
    config = {
      path = "${path.module}/other.tfstate"
    }
  }
  assert {
    condition     = data.terraform_remote_state.other.outputs.ok == true
    error_message = "other stack is not ok."
  }
}

module "m" {
  source = "./m"
}
`,
		"m/main.tf": `
variable "n" {
  default = 7
}

check "small" {
  assert {
    condition     = var.n < 5
    error_message = "n is ${var.n}, not small."
  }
}
`})
	r := s.must(0, "plan", "-no-color")
	wantContains(t, r,
		"Warning: Check block assertion failed", "on main.tf line 12, in check \"env_is_short\"", "env toolong is long.",
		"Warning: Unable to find remote state", "on main.tf line 18, in check \"remote\"",
		"# data.terraform_remote_state.other will be read during apply", "# (config will be reloaded to verify a check block)",
		"on m/main.tf line 8, in check \"small\"", "n is 7, not small.",
		"Plan: 1 to add, 0 to change, 0 to destroy.")
	wantNotContains(t, r, "Error:", "other stack is not ok.")

	r = s.must(0, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, "Warning: Check block assertion failed", "env toolong is long.", "Warning: Unable to find remote state")

	// show -json writes the checks as Terraform does.
	var doc struct {
		Checks []struct {
			Address struct {
				Kind      string `json:"kind"`
				ToDisplay string `json:"to_display"`
			} `json:"address"`
			Status    string `json:"status"`
			Instances []struct {
				Address struct {
					ToDisplay string `json:"to_display"`
				} `json:"address"`
				Status   string `json:"status"`
				Problems []struct {
					Message string `json:"message"`
				} `json:"problems"`
			} `json:"instances"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(s.must(0, "show", "-json").stdout), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	msgs := map[string][]string{}
	for _, c := range doc.Checks {
		got[c.Address.Kind+" "+c.Address.ToDisplay] = c.Status
		for _, o := range c.Instances {
			for _, p := range o.Problems {
				msgs[o.Address.ToDisplay] = append(msgs[o.Address.ToDisplay], p.Message)
			}
		}
	}
	want := map[string]string{"check check.env_is_short": "fail", "check check.remote": "fail", "check module.m.check.small": "fail"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("check_results[%s] = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if m := msgs["module.m.check.small"]; len(m) != 1 || m[0] != "n is 7, not small." {
		t.Errorf("failure_messages of module.m.check.small = %q", m)
	}
	if m := msgs["check.remote"]; len(m) != 1 || !containsAll(m[0], "Unable to find remote state: ", "No stored state was found") {
		t.Errorf("failure_messages of check.remote = %q", m)
	}
}

func TestReplaceTriggeredByReplacesOnChangesToResourcesInstancesAndAttributes(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
variable "v" {
  default = "1"
}

resource "terraform_data" "src" {
  count = 2
  input = "${var.v}-${count.index}"
}

resource "terraform_data" "whole" {
  lifecycle {
    replace_triggered_by = [terraform_data.src]
  }
}

resource "terraform_data" "same_index" {
  count = 2
  lifecycle {
    replace_triggered_by = [terraform_data.src[count.index].input]
  }
}

resource "terraform_data" "unchanged_attr" {
  lifecycle {
    replace_triggered_by = [terraform_data.src[0].id]
  }
}
`})
	s.must(0, "apply", "-auto-approve")
	r := s.must(0, "plan", "-var", "v=2", "-no-color")
	wantContains(t, r,
		"# terraform_data.whole will be replaced due to changes in replace_triggered_by",
		"# terraform_data.same_index[0] will be replaced due to changes in replace_triggered_by",
		"# terraform_data.same_index[1] will be replaced due to changes in replace_triggered_by",
		"# terraform_data.src[0] will be updated in-place",
		"Plan: 3 to add, 2 to change, 3 to destroy.")
	wantNotContains(t, r, "terraform_data.unchanged_attr will")

	s.must(0, "apply", "-var", "v=2", "-auto-approve")
	s.must(0, "plan", "-var", "v=2", "-detailed-exitcode")
}

func TestCreateBeforeDestroyIsInheritedByWhatTheResourceDependsOn(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
variable "v" {
  default = "1"
}

resource "terraform_data" "dep" {
  triggers_replace = var.v
}

resource "terraform_data" "cbd" {
  triggers_replace = terraform_data.dep.id
  lifecycle {
    create_before_destroy = true
  }
}
`})
	s.must(0, "apply", "-auto-approve")
	r := s.must(0, "plan", "-var", "v=2", "-no-color")
	// dep has no create_before_destroy of its own; cbd depends on it.
	wantMatch(t, r, `(?m)^\+/- resource "terraform_data" "dep"`, `(?m)^\+/- resource "terraform_data" "cbd"`)
	s.must(0, "apply", "-var", "v=2", "-auto-approve")
	wantAddresses(t, s.state(), "terraform_data.cbd", "terraform_data.dep")
}

func TestExcludeLeavesTheResourceAndItsDependentsAsTheyAre(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  input = terraform_data.a.output
}

resource "terraform_data" "c" {
  input = "c"
}
`})
	r := s.must(0, "apply", "-exclude=terraform_data.a", "-auto-approve", "-no-color")
	wantContains(t, r, "Resources: 1 added",
		"Warning: Resource exclusion is in effect", "You are creating a plan with the -exclude option",
		"Warning: Applied changes may be incomplete", "The plan was created with the -exclude option in effect")
	wantNotContains(t, r, "Resource targeting is in effect")
	wantAddresses(t, s.state(), "terraform_data.c")
	r = s.must(1, "plan", "-exclude=terraform_data.a", "-target=terraform_data.c", "-no-color")
	wantContains(t, r, "Invalid combination of arguments")
	s.must(0, "apply", "-auto-approve")
	s.must(0, "destroy", "-exclude=terraform_data.b", "-auto-approve")
	// b stays, and so does a, which b depends on.
	wantAddresses(t, s.state(), "terraform_data.a", "terraform_data.b")
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
