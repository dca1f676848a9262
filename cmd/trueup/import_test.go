package main

import "testing"

func TestImportAdoptsAnObjectByItsImportID(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "random_id" "x" {
  byte_length = 4
}
`})
	r := s.must(0, "import", "random_id.x", "3q2-7w")
	wantContains(t, r, "Import successful!")
	st := s.state()
	wantAddresses(t, st, "random_id.x")
	if got := attr(t, st, "random_id.x", "hex"); got != "deadbeef" {
		t.Fatalf("imported random_id.x has hex %q, want deadbeef (from the import ID)", got)
	}
	s.must(0, "plan", "-detailed-exitcode")

	r = s.must(1, "import", "random_id.x", "3q2-7w")
	wantContains(t, r, "already in state", "trueup state rm random_id.x")

	r = s.must(1, "import", "random_id.missing", "3q2-7w")
	wantContains(t, r, "declares no resource random_id.missing")
	if n := objectCount(s.state()); n != 1 {
		t.Fatalf("refused imports changed state: %d objects", n)
	}
}
