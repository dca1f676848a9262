package main

import "testing"

func TestDataSourcesAreRecordedInStateAndLeaveWithTheirBlock(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{
		"input.txt": "hello",
		"main.tf": `
data "local_file" "input" {
  filename = "${path.module}/input.txt"
}

resource "local_file" "copy" {
  filename = "${path.module}/copy.txt"
  content  = upper(data.local_file.input.content)
}
`})
	s.must(0, "apply", "-auto-approve")
	if got := s.read("copy.txt"); got != "HELLO" {
		t.Fatalf("copy.txt = %q, want the data source's content upper-cased", got)
	}
	wantAddresses(t, s.state(), "data.local_file.input", "local_file.copy")

	s.write("main.tf", `
resource "local_file" "copy" {
  filename = "${path.module}/copy.txt"
  content  = "HELLO!"
}
`)
	// The next apply that changes anything also drops the data source that
	// left the configuration (a plan with no changes writes nothing, as in
	// Terraform).
	s.must(0, "apply", "-auto-approve")
	wantAddresses(t, s.state(), "local_file.copy")
}
