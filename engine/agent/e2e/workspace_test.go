package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestStackWorkspaceIsApplied: a stack with workspace = "staging" is
// applied in that workspace: terraform.workspace is "staging" and its state
// is the workspace's, beside (not instead of) the default one.
func TestStackWorkspaceIsApplied(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"main.tf": `
variable "out" {
  type = string
}

resource "local_file" "ws" {
  filename = "${var.out}/workspace.txt"
  content  = terraform.workspace
}
`})
	head := r.commit("workspace file")
	r.push("main")

	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
stack "app" {
  repo          = %q
  vars          = { out = %q }
  workspace     = "staging"
  auto_apply    = true
  poll_interval = "1s"
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data)
	run := a.waitRun("app", "the commit to be applied", func(x run) bool { return x.Commit == head })
	if run.Outcome != "succeeded" || !run.Summary.Applied {
		t.Fatalf("run = %+v, want a succeeded apply", run)
	}
	if got, ok := readFile(t, filepath.Join(out, "workspace.txt")); !ok || got != "staging" {
		t.Fatalf("workspace.txt = %q (exists %v), want staging", got, ok)
	}
	if _, err := os.Stat(filepath.Join(data, "state", "app", "terraform.tfstate.d", "staging", "terraform.tfstate")); err != nil {
		t.Errorf("no state for workspace staging: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "state", "app", "terraform.tfstate")); err == nil {
		t.Error("the default workspace's state was written too")
	}
}
