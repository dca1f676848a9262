package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/internal/testproviders/build"
)

// pluginStackTF is a stack of the fw test plugin (protocol 6), a nested
// block and a sensitive attribute among its arguments.
func pluginStackTF(name string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    fw = { source = "trueup/fw", version = "~> 1.0" }
  }
}

resource "fw_thing" "a" {
  name   = %q
  secret = "hunter2"
  rule {
    port  = 80
    proto = "tcp"
  }
}

resource "fw_null" "after" {
  triggers = { name = fw_thing.a.name }
}
`, name)
}

// TestPushOfAPluginStackIsApplied: two stacks using the fw plugin, which
// the agent's CLI configuration installs from a filesystem mirror, are
// applied on push, concurrently, sharing one plugin cache under the data
// directory; a second push applies a change through the cached package.
// No checkout is written into, each run's provider directory is removed,
// and no plugin process outlives its run.
func TestPushOfAPluginStackIsApplied(t *testing.T) {
	t.Parallel()
	fw := build.Provider(t, "fw")
	mirror := t.TempDir()
	pkg := filepath.Join(mirror, "registry.terraform.io", "trueup", "fw", fw.Version, "linux_amd64")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	exe, err := os.ReadFile(fw.Path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, filepath.Base(fw.Path)), exe, 0o755); err != nil {
		t.Fatal(err)
	}
	cli := filepath.Join(t.TempDir(), "cli.tfrc")
	if err := os.WriteFile(cli, []byte(fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"registry.terraform.io/trueup/*\"]\n  }\n}\n", mirror)), 0o644); err != nil {
		t.Fatal(err)
	}
	objects := t.TempDir()

	env := []string{"TF_CLI_CONFIG_FILE=" + cli, "FW_DIR=" + objects, "HOME=" + t.TempDir()}

	// The repository commits each stack's lock file, which trueup init
	// wrote, as Terraform users do.
	r := newRepo(t)
	r.write(map[string]string{"stacks/a/main.tf": pluginStackTF("alpha"), "stacks/b/main.tf": pluginStackTF("beta"), ".gitignore": ".terraform/\n"})
	for _, stack := range []string{"a", "b"} {
		cmd := exec.Command(binary, "init", "-no-color")
		cmd.Dir = filepath.Join(r.work, "stacks", stack)
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("trueup init: %v\n%s", err, out)
		}
	}
	first := r.commit("two plugin stacks")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
stack "a" {
  repo          = %[1]q
  path          = "stacks/a"
  auto_apply    = true
  poll_interval = "1s"
}
stack "b" {
  repo          = %[1]q
  path          = "stacks/b"
  auto_apply    = true
  poll_interval = "1s"
}
`, r.url()))
	a := startAgent(t, cfg, addr, data, env...)

	for _, stack := range []string{"a", "b"} {
		got := a.waitRun(stack, "stack "+stack+" to be applied", func(x run) bool { return x.Commit == first })
		if got.Outcome != "succeeded" || got.Summary.Add != 2 {
			t.Fatalf("stack %s run = %+v, want a succeeded apply adding 2", stack, got)
		}
		log := runLogText(a, got.ID)
		// One of the concurrent runs installs the package into the
		// shared cache; the other waits for its lock, then uses it.
		if !strings.Contains(log, "- Installed trueup/fw v1.0.0 (unauthenticated)") && !strings.Contains(log, "- Using trueup/fw v1.0.0 from the shared cache directory") ||
			!strings.Contains(log, "fw_thing.a: create complete") {
			t.Errorf("stack %s's run log lacks the plugin's installation or its object's creation:\n%s", stack, log)
		}
		if strings.Contains(log, "hunter2") {
			t.Errorf("stack %s's run log shows the sensitive value:\n%s", stack, log)
		}
	}
	things, _ := os.ReadDir(filepath.Join(objects, "fw_thing"))
	if len(things) != 2 {
		t.Fatalf("the plugin holds %d fw_thing objects, want alpha's and beta's", len(things))
	}

	r.write(map[string]string{"stacks/a/main.tf": pluginStackTF("alpha2")})
	second := r.commit("rename alpha")
	r.push("main")
	got := a.waitRun("a", "the rename to be applied", func(x run) bool { return x.Commit == second })
	// The push changed only stack a's files: b is not run for it
	// (autoplan, as Atlantis's).
	for _, x := range a.runs("b") {
		if x.Commit == second {
			t.Errorf("stack b ran for a commit that changed only stack a: %+v", x)
		}
	}
	if got.Outcome != "succeeded" || got.Summary.Add+got.Summary.Change == 0 {
		t.Fatalf("second run = %+v, want a succeeded apply of the rename", got)
	}
	log := runLogText(a, got.ID)
	if !strings.Contains(log, "Using trueup/fw v1.0.0 from the shared cache directory") {
		t.Errorf("the second run did not use the shared cache:\n%s", log)
	}
	if cached, _ := filepath.Glob(filepath.Join(data, "plugin-cache", "registry.terraform.io", "trueup", "fw", "1.0.0", "linux_amd64", "terraform-provider-fw_*")); len(cached) != 1 {
		t.Errorf("the shared cache holds %v", cached)
	}
	// A run's provider directory goes when its job ends, just after its
	// outcome is recorded.
	deadline := time.Now().Add(10 * time.Second)
	left, _ := os.ReadDir(filepath.Join(data, "providers"))
	for len(left) != 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		left, _ = os.ReadDir(filepath.Join(data, "providers"))
	}
	if len(left) != 0 {
		t.Errorf("runs left provider directories behind: %v", left)
	}
	filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == ".terraform" {
			t.Errorf("a checkout was written into: %s", p)
		}
		return nil
	})
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err == nil && strings.HasPrefix(exe, data) {
			t.Errorf("plugin process %s (%s) outlived its run", e.Name(), exe)
		}
	}
}

// runLogText returns the messages of a run's log, one a line.
func runLogText(a *agent, id uint64) string {
	var doc struct {
		Log []struct{ Message string }
	}
	a.getJSON(fmt.Sprintf("/api/runs/%d", id), &doc)
	var b strings.Builder
	for _, l := range doc.Log {
		b.WriteString(l.Message + "\n")
	}
	return b.String()
}
