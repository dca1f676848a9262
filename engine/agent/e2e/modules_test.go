package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// labelModule is a module writing one file under var.out.
func labelModule(content string) string {
	return fmt.Sprintf(`variable "out" {
  type = string
}
resource "local_file" "label" {
  filename = "${var.out}/label.txt"
  content  = %q
}
output "file" {
  value = local_file.label.filename
}
`, content)
}

// labelModuleRepo is a module repository with the label module at two
// tags: v1.0.0 writes "label v1", v2.0.0 "label v2".
func labelModuleRepo(t *testing.T) *repo {
	modules := newRepo(t)
	modules.write(map[string]string{"label/main.tf": labelModule("label v1\n")})
	modules.commit("label v1")
	modules.git(modules.work, "tag", "v1.0.0")
	modules.write(map[string]string{"label/main.tf": labelModule("label v2\n")})
	modules.commit("label v2")
	modules.git(modules.work, "tag", "v2.0.0")
	modules.push("main")
	modules.git(modules.work, "push", "-q", "origin", "v1.0.0", "v2.0.0")
	return modules
}

// moduleStack calls the label module of modules at ref.
func moduleStack(modules *repo, ref string) string {
	return fmt.Sprintf(`variable "out" {
  type = string
}
module "label" {
  source = "git::%s//label?ref=%s"
  out    = var.out
}
`, modules.url(), ref)
}

// TestStackWithAModuleFromAGitTagIsApplied: the agent installs a stack's
// modules before each run, as terraform init does in CI: a module from
// another repository at a tag is applied; moving the stack to a newer tag
// applies the module's change; a tag that does not exist fails the run
// with an error naming the module call; the shared checkout is never
// written into and each run's modules are removed after it.
func TestStackWithAModuleFromAGitTagIsApplied(t *testing.T) {
	t.Parallel()
	modules := labelModuleRepo(t)

	r, first := seedRepo(t, "use label v1.0.0", map[string]string{"stacks/app/main.tf": moduleStack(modules, "v1.0.0")})
	out := t.TempDir()
	app := pushStack("app", r, "stacks/app", out, "")
	app.pollInterval = "1s"
	a := startAgentWith(t, stacks(app))
	data := a.dataDir

	run1 := a.waitRun("app", "the stack at v1.0.0 to be applied", func(x run) bool { return x.Commit == first })
	if run1.Outcome != "succeeded" || run1.Summary.Add != 1 {
		t.Fatalf("first run = %+v, want a succeeded apply adding 1", run1)
	}
	if got, _ := readFile(t, filepath.Join(out, "label.txt")); got != "label v1\n" {
		t.Fatalf("label.txt = %q after applying the module at v1.0.0", got)
	}
	_, log := a.get(fmt.Sprintf("/api/runs/%d", run1.ID))
	if !strings.Contains(log, "Downloading git::"+modules.url()+"?ref=v1.0.0 for label...") {
		t.Errorf("the run's log does not show the module download:\n%s", log)
	}

	r.write(map[string]string{"stacks/app/main.tf": moduleStack(modules, "v2.0.0")})
	second := r.commit("use label v2.0.0")
	r.push("main")
	run2 := a.waitRun("app", "the stack at v2.0.0 to be applied", func(x run) bool { return x.Commit == second })
	if run2.Outcome != "succeeded" || run2.Summary.Change+run2.Summary.Add == 0 {
		t.Fatalf("second run = %+v, want a succeeded apply of the module's change", run2)
	}
	if got, _ := readFile(t, filepath.Join(out, "label.txt")); got != "label v2\n" {
		t.Fatalf("label.txt = %q after applying the module at v2.0.0", got)
	}

	r.write(map[string]string{"stacks/app/main.tf": moduleStack(modules, "v9.9.9")})
	third := r.commit("use a tag that does not exist")
	r.push("main")
	run3 := a.waitRun("app", "the run at a missing tag to fail", func(x run) bool { return x.Commit == third })
	if run3.Outcome != "failed" || !strings.Contains(run3.Error, "Failed to download module") || !strings.Contains(run3.Error, `module "label"`) ||
		!strings.Contains(run3.Error, "v9.9.9") {
		t.Errorf("third run = %+v, want a failure naming the module call and its ref", run3)
	}
	if got, _ := readFile(t, filepath.Join(out, "label.txt")); got != "label v2\n" {
		t.Errorf("label.txt = %q after a failed run", got)
	}

	left, _ := os.ReadDir(filepath.Join(data, "modules"))
	if len(left) != 0 {
		t.Errorf("runs left modules behind in data_dir/modules: %v", left)
	}
	filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == ".terraform" {
			t.Errorf("a checkout was written into: %s", p)
		}
		return nil
	})
}

// TestModuleAddressesInPullRequestCommentsAndDashboard: a pull request that
// moves a stack's module to a newer tag is planned, and both its comment
// and its run page on the dashboard name the changed object by its full
// module address, as terraform plan prints it.
func TestModuleAddressesInPullRequestCommentsAndDashboard(t *testing.T) {
	t.Parallel()
	modules := labelModuleRepo(t)

	gh := newFakeGitHub(t)
	r, base := seedRepo(t, "use label v1.0.0", map[string]string{"stacks/app/main.tf": moduleStack(modules, "v1.0.0")})
	out := t.TempDir()
	app := pushStack("app", r, "stacks/app", out, "")
	app.pollInterval = "1s"
	a := startAgentWith(t, forgeBlock(gh)+stacks(app))
	if got := a.waitRun("app", "the stack to be applied", func(x run) bool { return x.Commit == base }); got.Outcome != "succeeded" {
		t.Fatalf("apply of the base commit = %+v", got)
	}

	r.git(r.work, "checkout", "-q", "-b", "bump")
	r.write(map[string]string{"stacks/app/main.tf": moduleStack(modules, "v2.0.0")})
	head := r.commit("use label v2.0.0")
	r.push("refs/pull/9/head")
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "opened", 9, head, base), webhookSecret); code != 202 {
		t.Fatalf("signed delivery: status %d, want 202", code)
	}
	plan := a.waitRun("app", "the pull-request plan", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head })
	if plan.Outcome != "succeeded" {
		t.Fatalf("pull-request plan = %+v", plan)
	}

	const header = "# module.label.local_file.label must be replaced"
	comments := gh.prComments(9)
	if len(comments) != 1 || !strings.Contains(comments[0].Body, header) || !strings.Contains(comments[0].Body, "label v2") {
		t.Fatalf("pull-request comments do not name the module's object %q:\n%+v", header, comments)
	}
	code, page := a.get(fmt.Sprintf("/runs/%d", plan.ID))
	if code != 200 || !strings.Contains(page, "module.label.local_file.label") {
		t.Errorf("run page (status %d) does not show the module address:\n%s", code, page)
	}
	if got, _ := readFile(t, filepath.Join(out, "label.txt")); got != "label v1\n" {
		t.Errorf("label.txt = %q: a pull request applied its change", got)
	}
}
