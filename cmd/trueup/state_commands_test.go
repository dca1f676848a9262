package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

const stateCommandsConfig = `
resource "null_resource" "a" {}

resource "null_resource" "n" {
  count = 2
}

resource "random_pet" "p" {}
`

func stateCommandsStack(t *testing.T) *stack {
	t.Helper()
	s := newStack(t, map[string]string{"main.tf": stateCommandsConfig})
	s.must(0, "apply", "-auto-approve")
	return s
}

func TestStateListAndShowPrintWhatStateHolds(t *testing.T) {
	t.Parallel()
	s := stateCommandsStack(t)
	st := s.state()

	all := strings.Fields(s.must(0, "state", "list").stdout)
	if want := []string{"null_resource.a", "null_resource.n[0]", "null_resource.n[1]", "random_pet.p"}; !slices.Equal(all, want) {
		t.Fatalf("state list = %v, want %v", all, want)
	}
	some := strings.Fields(s.must(0, "state", "list", "null_resource.n").stdout)
	if want := []string{"null_resource.n[0]", "null_resource.n[1]"}; !slices.Equal(some, want) {
		t.Fatalf("state list null_resource.n = %v, want %v", some, want)
	}

	r := s.must(0, "state", "show", "random_pet.p")
	wantContains(t, r, "# random_pet.p:", `resource "random_pet" "p"`, attr(t, st, "random_pet.p", "id"))
	wantNotContains(t, r, "null_resource")

	r = s.must(1, "state", "show", "random_pet.missing")
	wantContains(t, r, "random_pet.missing")
}

func TestStateRmForgetsAnObjectWithoutDestroyingIt(t *testing.T) {
	t.Parallel()
	s := stateCommandsStack(t)
	before := s.state()

	s.must(0, "state", "rm", "null_resource.n[1]")
	after := s.state()
	wantAddresses(t, after, "null_resource.a", "null_resource.n[0]", "random_pet.p")
	if after.Serial != before.Serial+1 || after.Lineage != before.Lineage {
		t.Fatalf("state rm wrote serial %d lineage %s, want serial %d and the same lineage", after.Serial, after.Lineage, before.Serial+1)
	}
	// Forgotten, not destroyed: the configuration still wants it.
	r := s.must(2, "plan", "-detailed-exitcode", "-no-color")
	wantContains(t, r, "# null_resource.n[1] will be created", "Plan: 1 to add, 0 to change, 0 to destroy.")

	s.must(1, "state", "rm", "null_resource.nope")
	if s.state().Serial != after.Serial {
		t.Fatal("a failed state rm wrote state")
	}
}

func TestStateMvMovesAnObjectToAnotherAddress(t *testing.T) {
	t.Parallel()
	s := stateCommandsStack(t)
	id := attr(t, s.state(), "null_resource.n[1]", "id")

	s.must(0, "state", "mv", "null_resource.n[1]", "null_resource.n[5]")
	st := s.state()
	wantAddresses(t, st, "null_resource.a", "null_resource.n[0]", "null_resource.n[5]", "random_pet.p")
	if got := attr(t, st, "null_resource.n[5]", "id"); got != id {
		t.Fatalf("the moved object has id %s, want %s", got, id)
	}

	r := s.must(1, "state", "mv", "null_resource.n[0]", "null_resource.a")
	wantContains(t, r, "null_resource.a")
	if s.state().Serial != st.Serial {
		t.Fatal("a refused state mv wrote state")
	}
}

func TestStatePullPrintsTheStoredDocument(t *testing.T) {
	t.Parallel()
	s := stateCommandsStack(t)
	r := s.must(0, "state", "pull")
	pulled, err := state.Decode([]byte(r.stdout))
	if err != nil {
		t.Fatalf("state pull output does not decode: %v", err)
	}
	st := s.state()
	if pulled.Lineage != st.Lineage || pulled.Serial != st.Serial || !slices.Equal(addresses(pulled), addresses(st)) {
		t.Fatalf("state pull printed lineage %s serial %d %v, want %s %d %v",
			pulled.Lineage, pulled.Serial, addresses(pulled), st.Lineage, st.Serial, addresses(st))
	}
}

func TestStatePushRefusesALowerSerialOrAnotherLineageWithoutForce(t *testing.T) {
	t.Parallel()
	s := stateCommandsStack(t)
	s.write("old.tfstate", s.must(0, "state", "pull").stdout)
	s.must(0, "state", "rm", "random_pet.p")
	current := s.read(stateFile)

	other := newStack(t, map[string]string{"main.tf": `resource "null_resource" "elsewhere" {}`})
	other.must(0, "apply", "-auto-approve")
	s.write("foreign.tfstate", other.read(stateFile))

	r := s.must(1, "state", "push", "old.tfstate")
	wantContains(t, r, "serial", "-force")
	r = s.must(1, "state", "push", "foreign.tfstate")
	wantContains(t, r, "lineage", "-force")
	if s.read(stateFile) != current {
		t.Fatal("a refused state push changed the state")
	}

	// From stdin, with -force: the older document wins, under a new serial.
	raw, err := os.ReadFile(s.path("old.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	s.runInputMust(0, string(raw), "state", "push", "-force", "-")
	st := s.state()
	wantAddresses(t, st, "null_resource.a", "null_resource.n[0]", "null_resource.n[1]", "random_pet.p")
	if old, _ := state.Decode(raw); st.Serial <= old.Serial {
		t.Fatalf("a forced push must not lower the serial: %d after pushing %d", st.Serial, old.Serial)
	}

	s.must(0, "state", "push", "-force", "foreign.tfstate")
	wantAddresses(t, s.state(), "null_resource.elsewhere")
}

// runInputMust runs the binary with stdin and checks its exit code.
func (s *stack) runInputMust(want int, stdin string, args ...string) result {
	s.t.Helper()
	r := s.runInput(stdin, args...)
	if r.code != want {
		s.t.Fatalf("want exit code %d, got:\n%s", want, r)
	}
	return r
}

// TestStateFileWithAJournalIsNotCopiedWithoutIt: a state file with a
// state journal beside it lacks the records of an interrupted apply;
// `state push FILE` and `workspace new -state=FILE` refuse it instead of
// storing the file without them.
func TestStateFileWithAJournalIsNotCopiedWithoutIt(t *testing.T) {
	t.Parallel()
	s := stateCommandsStack(t)
	s.write("next.tfstate", s.must(0, "state", "pull").stdout)
	s.write("next.tfstate.journal", `{"trueup_journal":1}`+"\n")
	current := s.read(stateFile)
	r := s.must(1, "state", "push", "next.tfstate")
	wantContains(t, r, "next.tfstate.journal", "state pull")
	if s.read(stateFile) != current {
		t.Fatal("a refused state push changed the state")
	}
	r = s.must(1, "workspace", "new", "-state=next.tfstate", "copy")
	wantContains(t, r, "next.tfstate.journal")
	os.Remove(s.path("next.tfstate.journal"))
	s.must(0, "state", "push", "next.tfstate")
}
