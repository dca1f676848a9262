package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStackLeftWithoutConfigurationIsNotDestroyed: a commit that moves a
// push stack's only .tf file out of its directory fails the stack's run
// with "No configuration files", and the objects it applied before stay,
// where planning the empty directory would have destroyed them all.
func TestStackLeftWithoutConfigurationIsNotDestroyed(t *testing.T) {
	t.Parallel()
	r, first := seedRepo(t, "the app", map[string]string{"app/main.tf": depStack("app", "1", false), "app/README.md": "the app\n"})
	out := t.TempDir()
	app := pushStack("app", r, "app", out, "")
	app.pollInterval = "1s"
	a := startAgentWith(t, stacks(app))
	applied := func(commit string) run {
		return a.waitRun("app", "app at "+commit[:8], func(x run) bool { return x.Commit == commit && x.Kind == "apply" })
	}
	if got := applied(first); got.Outcome != "succeeded" {
		t.Fatalf("first apply = %s (%s)", got.Outcome, got.Error)
	}
	if err := os.MkdirAll(filepath.Join(r.work, "attic"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(r.work, "app/main.tf"), filepath.Join(r.work, "attic/main.tf")); err != nil {
		t.Fatal(err)
	}
	second := r.commit("move the app's configuration away")
	r.push("main")
	got := applied(second)
	if got.Outcome != "failed" || !strings.Contains(got.Error, "No configuration files") || got.Summary.Destroy != 0 {
		t.Fatalf("run without configuration = %s (%q), %d to destroy; want it failed with \"No configuration files\"", got.Outcome, got.Error, got.Summary.Destroy)
	}
	if content, ok := readFile(t, filepath.Join(out, "app.txt")); !ok || content != "1" {
		t.Errorf("app.txt = %q (exists %v): the stack's objects were destroyed", content, ok)
	}
}
