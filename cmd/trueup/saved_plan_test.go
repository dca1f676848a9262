package main

import (
	"encoding/json"
	"testing"
)

const savedPlanConfig = `
variable "content" {
  default = "first"
}

resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = var.content
}

resource "null_resource" "n" {}
`

// planJSON is the part of the JSON plan these tests read.
type planJSON struct {
	FormatVersion   string `json:"format_version"`
	ResourceChanges []struct {
		Address string `json:"address"`
		Change  struct {
			Actions []string `json:"actions"`
		} `json:"change"`
	} `json:"resource_changes"`
	Summary struct {
		Add, Change, Destroy int
	} `json:"summary"`
}

func decodePlanJSON(t *testing.T, r result) planJSON {
	t.Helper()
	var p planJSON
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("the JSON plan does not decode: %v\n%s", err, r)
	}
	return p
}

func TestSavedPlanIsShownAndAppliedAsSaved(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": savedPlanConfig})

	r := s.must(0, "plan", "-out=tfplan", "-no-color")
	wantContains(t, r, "Plan: 2 to add, 0 to change, 0 to destroy.", "tfplan")
	if s.exists("f.txt") || s.exists(stateFile) {
		t.Fatal("plan -out must not change anything")
	}

	r = s.must(0, "show", "-no-color", "tfplan")
	wantContains(t, r, "# local_file.f will be created", "# null_resource.n will be created", "Plan: 2 to add, 0 to change, 0 to destroy.")

	p := decodePlanJSON(t, s.must(0, "show", "-json", "tfplan"))
	if len(p.ResourceChanges) != 2 || p.Summary.Add != 2 {
		t.Fatalf("show -json: want 2 creates, got %+v", p)
	}
	for _, rc := range p.ResourceChanges {
		if len(rc.Change.Actions) != 1 || rc.Change.Actions[0] != "create" {
			t.Errorf("show -json: %s has actions %v, want [create]", rc.Address, rc.Change.Actions)
		}
	}

	// A saved plan applies without asking: the user approved it by saving.
	r = s.must(0, "apply", "tfplan")
	wantContains(t, r, "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.")
	if got := s.read("f.txt"); got != "first" {
		t.Fatalf("f.txt = %q, want first", got)
	}
	wantAddresses(t, s.state(), "local_file.f", "null_resource.n")
}

func TestStaleSavedPlanIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": savedPlanConfig})
	s.must(0, "apply", "-auto-approve")
	s.must(0, "plan", "-var", "content=second", "-out=second.tfplan")

	// Someone else applies first: the state the plan was made against is gone.
	s.must(0, "apply", "-var", "content=third", "-auto-approve")
	stateBefore := s.read(stateFile)
	serial := s.state().Serial

	r := s.must(1, "apply", "second.tfplan")
	wantContains(t, r, "stale")
	if got := s.read("f.txt"); got != "third" {
		t.Fatalf("a refused stale plan changed f.txt to %q", got)
	}
	if s.read(stateFile) != stateBefore || s.state().Serial != serial {
		t.Fatalf("a refused stale plan changed the state (serial %d, was %d)", s.state().Serial, serial)
	}
	if s.exists(lockFile) {
		t.Fatal("a refused stale plan left the state locked")
	}
}

func TestSavedPlanAppliedTwiceIsRefusedTheSecondTime(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": savedPlanConfig})
	s.must(0, "plan", "-out=tfplan")
	s.must(0, "apply", "tfplan")
	serial := s.state().Serial

	r := s.must(1, "apply", "tfplan")
	wantContains(t, r, "stale")
	if s.state().Serial != serial {
		t.Fatalf("the second apply of a saved plan wrote state")
	}
}
