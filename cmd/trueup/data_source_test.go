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

// TestDataSourceReferringToAPendingResourceIsReadAtApply: a data source
// whose configuration refers to a managed resource with changes pending is
// read during apply, even when the value it refers to is known at plan, as
// Terraform 1.11.4 plans it (its text, taken from `terraform plan` on this
// stack: "will be read during apply" / "(depends on a resource or a module
// with changes pending)"); once the resource is unchanged, it is read at
// plan again.
func TestDataSourceReferringToAPendingResourceIsReadAtApply(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{
		"other.tfstate": `{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"x","outputs":{"a":{"value":"hi","type":"string"}},"resources":[]}`,
		"main.tf": `
resource "terraform_data" "x" {
  input = "${path.module}/other.tfstate"
}

data "terraform_remote_state" "r" {
  backend = "local"
  config  = { path = terraform_data.x.input }
}

output "a" {
  value = data.terraform_remote_state.r.outputs.a
}
`})
	r := s.must(0, "plan", "-no-color")
	wantContains(t, r, "# data.terraform_remote_state.r will be read during apply\n  # (depends on a resource or a module with changes pending)")
	wantContains(t, r, `+ a = (known after apply)`)
	r = s.must(0, "plan", "-json")
	wantContains(t, r, `"action_reason": "read_because_dependency_pending"`)
	s.must(0, "apply", "-auto-approve")
	r = s.must(0, "plan", "-no-color")
	wantContains(t, r, "No changes.")
}
