package main

import "testing"

const targetingConfig = `
resource "random_pet" "name" {}

resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = random_pet.name.id
}

resource "local_file" "unrelated" {
  filename = "${path.module}/unrelated.txt"
  content  = "x"
}

resource "null_resource" "n" {
  count = 2
}
`

func TestTargetPlansAndAppliesOnlyThatResourceAndItsDependencies(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": targetingConfig})

	r := s.must(0, "plan", "-target=local_file.f", "-no-color")
	wantContains(t, r, "# local_file.f will be created", "# random_pet.name will be created",
		"Plan: 2 to add, 0 to change, 0 to destroy.")
	wantNotContains(t, r, "local_file.unrelated", "null_resource.n")

	s.must(0, "apply", "-target=local_file.f", "-auto-approve")
	st := s.state()
	wantAddresses(t, st, "local_file.f", "random_pet.name")
	if got := s.read("f.txt"); got != attr(t, st, "random_pet.name", "id") {
		t.Fatalf("f.txt = %q, want the pet name", got)
	}
	if s.exists("unrelated.txt") {
		t.Fatalf("an untargeted resource was created")
	}

	// A targeted instance of a counted resource: only that instance.
	s.must(0, "apply", "-target=null_resource.n[1]", "-auto-approve")
	wantAddresses(t, s.state(), "local_file.f", "random_pet.name", "null_resource.n[1]")
}

func TestReplacePlansAndAppliesTheReplacementOfExactlyThatInstance(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": targetingConfig})
	s.must(0, "apply", "-auto-approve")
	before := s.state()

	r := s.must(2, "plan", "-replace=null_resource.n[1]", "-detailed-exitcode", "-no-color")
	wantMatch(t, r, `# null_resource\.n\[1\] (must|will) be replaced`)
	wantContains(t, r, "-/+", "Plan: 1 to add, 0 to change, 1 to destroy.")
	wantNotContains(t, r, "null_resource.n[0] will", "random_pet.name will", "local_file.f will")

	s.must(0, "apply", "-replace=null_resource.n[1]", "-auto-approve")
	after := s.state()
	wantAddresses(t, after, addresses(before)...)
	if attr(t, after, "null_resource.n[1]", "id") == attr(t, before, "null_resource.n[1]", "id") {
		t.Fatalf("null_resource.n[1] kept its id: it was not replaced")
	}
	for _, addr := range []string{"null_resource.n[0]", "random_pet.name", "local_file.f", "local_file.unrelated"} {
		if attr(t, after, addr, "id") != attr(t, before, addr, "id") {
			t.Errorf("%s changed id, only null_resource.n[1] may be replaced", addr)
		}
	}
	s.must(0, "plan", "-detailed-exitcode")
}

func TestTargetedDestroyAlsoDestroysWhatDependsOnTheTargetAndNothingElse(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "random_pet" "name" {}

resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = random_pet.name.id
}

resource "null_resource" "uses_f" {
  triggers = { f = local_file.f.id }
}

resource "null_resource" "uses_uses_f" {
  depends_on = [null_resource.uses_f]
}

resource "null_resource" "unrelated" {}
`})
	s.must(0, "apply", "-auto-approve")

	r := s.must(0, "destroy", "-target=local_file.f", "-auto-approve", "-no-color")
	wantContains(t, r, "Destroy complete! Resources: 3 destroyed.")
	// Dependents go first: nothing ever points at a deleted object.
	if lineIndex(t, r, "null_resource.uses_uses_f: Destruction complete") > lineIndex(t, r, "null_resource.uses_f: Destroying...") ||
		lineIndex(t, r, "null_resource.uses_f: Destruction complete") > lineIndex(t, r, "local_file.f: Destroying...") {
		t.Errorf("a targeted destroy deleted an object before what depends on it\n%s", r)
	}
	wantAddresses(t, s.state(), "random_pet.name", "null_resource.unrelated")
	if s.exists("f.txt") {
		t.Fatal("f.txt survived its destroy")
	}
}
