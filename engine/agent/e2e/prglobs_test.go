package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// globsComment is the agent's comment about pull request n's stack globs.
func (f *fakeGitHub) globsComment(n int) string {
	for _, c := range f.prComments(n) {
		if strings.Contains(c.Body, "<!-- trueup:globs -->") {
			return c.Body
		}
	}
	return ""
}

// TestPullRequestPlansANewGlobDirectory: a pull request adding envs/new
// under `path = "envs/*"` gets its plan commented as stack app-envs-new,
// and `trueup apply` on the pull request applies it; after merge the
// agent applies the stack under the same name and state, finding
// nothing to change. The directory the pull request removes (envs/dev)
// is not planned but named in a comment saying its resources stay, and
// they do after merge. A new directory whose name clashes with a stack
// block fails the check trueup:globs with the location in the agent's
// configuration.
func TestPullRequestPlansANewGlobDirectory(t *testing.T) {
	gh := newFakeGitHub(t)
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{
		"envs/dev/main.tf":  fileStack(map[string]string{"dev": "1"}),
		"envs/prod/main.tf": fileStack(map[string]string{"prod": "1"}),
		"other/main.tf":     fileStack(map[string]string{"other": "1"}),
	})
	base := r.commit("two envs")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, forgeBlock(gh)+fmt.Sprintf(`
stack "app-envs-clash" {
  repo       = %[1]q
  path       = "other"
  vars       = { out = %[2]q }
  forge_repo = "acme/infra"
}

stack "app" {
  repo          = %[1]q
  path          = "envs/*"
  vars          = { out = %[2]q }
  auto_apply    = true
  apply_from_pr = true
  poll_interval = "1s"
  forge_repo    = "acme/infra"
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data)
	gh.setPermission("ann", "write")
	for _, s := range []string{"app-envs-dev", "app-envs-prod"} {
		a.waitRun(s, s+" applied", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })
	}

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"envs/new/main.tf": fileStack(map[string]string{"new": "fresh"})})
	r.git(r.work, "rm", "-q", "-r", "envs/dev")
	head := r.commit("add envs/new, retire envs/dev")
	r.push("refs/pull/9/head")
	gh.setPull(9, ghPR{Head: head, Base: base, State: "open", Mergeable: true})
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "opened", 9, head, base), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("pull_request: status %d", code)
	}
	plan := a.waitRun("app-envs-new", "the plan of the new directory", func(x run) bool {
		return x.Kind == "pr-plan" && x.Commit == head && x.Outcome != "queued" && x.Outcome != "running"
	})
	if plan.Outcome != "succeeded" || plan.PR != 9 || plan.Summary.Add != 1 {
		t.Fatalf("plan of app-envs-new = %+v", plan)
	}
	var planComment string
	for _, c := range gh.prComments(9) {
		if strings.Contains(c.Body, "<!-- trueup:stack=app-envs-new -->") {
			planComment = c.Body
		}
	}
	if !strings.Contains(planComment, "local_file.new") || !strings.Contains(planComment, "fresh") {
		t.Errorf("the new stack's plan comment:\n%s", planComment)
	}
	if st, ok := gh.lastStatus(head, "trueup/app-envs-new"); !ok || st.State != "success" {
		t.Errorf("status of app-envs-new = %+v (found %v)", st, ok)
	}
	if st, ok := gh.lastStatus(head, "trueup:globs"); !ok || st.State != "success" {
		t.Errorf("status trueup:globs = %+v (found %v)", st, ok)
	}
	var removal string
	waitFor(t, "the comment on the removed directory", 30*time.Second, func() bool {
		removal = gh.globsComment(9)
		return removal != ""
	})
	for _, want := range []string{"`app-envs-dev` (directory `envs/dev`", "their resources are not destroyed", "remove the resources from their configuration"} {
		if !strings.Contains(removal, want) {
			t.Errorf("removal comment lacks %q:\n%s", want, removal)
		}
	}
	for _, x := range a.runs("app-envs-dev") {
		if x.PR == 9 {
			t.Errorf("the removed directory was planned in the pull request: %+v", x)
		}
	}
	if _, ok := readFile(t, filepath.Join(out, "new.txt")); ok {
		t.Fatal("the pull request's plan applied something")
	}

	comment := commentPayload(r.url(), 9, 301, "ann", "trueup apply -p app-envs-new")
	if code := sendGitHubEvent(t, a.url, "issue_comment", comment, webhookSecret); code != http.StatusAccepted {
		t.Fatalf("comment: status %d", code)
	}
	applied := a.waitRun("app-envs-new", "the apply from the pull request", func(x run) bool {
		return x.Kind == "apply" && x.PR == 9 && x.Outcome != "queued" && x.Outcome != "running"
	})
	if applied.Outcome != "succeeded" || applied.Commit != head {
		t.Fatalf("apply from the pull request = %+v", applied)
	}
	if got, _ := readFile(t, filepath.Join(out, "new.txt")); got != "fresh" {
		t.Fatalf("new.txt = %q after the apply from the pull request", got)
	}

	// Merged: the poll finds envs/new and applies it under the same
	// state, which the pull request's apply wrote.
	r.git(r.work, "checkout", "-q", "main")
	r.git(r.work, "merge", "-q", "--no-ff", "-m", "merge #9", "feature")
	merged := r.head()
	r.push("main")
	after := a.waitRun("app-envs-new", "the apply after merge", func(x run) bool {
		return x.Kind == "apply" && x.PR == 0 && x.Outcome != "queued" && x.Outcome != "running"
	})
	if after.Outcome != "no-changes" || after.Commit != merged {
		t.Errorf("apply after merge = %+v, want no changes at %s: the state the pull request applied", after, merged[:7])
	}
	waitFor(t, "app-envs-dev to go", 30*time.Second, func() bool {
		for _, n := range a.stackNames() {
			if n == "app-envs-dev" {
				return false
			}
		}
		return true
	})
	if got, _ := readFile(t, filepath.Join(out, "dev.txt")); got != "1" {
		t.Errorf("dev.txt = %q after its directory was removed: its resources must stay", got)
	}

	// A new directory named like a stack block fails the check, located.
	r.git(r.work, "checkout", "-q", "-b", "clash")
	r.write(map[string]string{"envs/clash/main.tf": fileStack(map[string]string{"clash": "1"})})
	head2 := r.commit("a clashing env")
	r.push("refs/pull/10/head")
	gh.setPull(10, ghPR{Head: head2, Base: merged, State: "open", Mergeable: true})
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "opened", 10, head2, merged), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("pull_request 10: status %d", code)
	}
	waitFor(t, "the failed check", 30*time.Second, func() bool {
		st, ok := gh.lastStatus(head2, "trueup:globs")
		return ok && st.State == "failure"
	})
	st, _ := gh.lastStatus(head2, "trueup:globs")
	where := filepath.Base(cfg) + ":22:19"
	if !strings.HasPrefix(st.Description, where+": ") || !strings.Contains(st.Description, "Duplicate stack") {
		t.Errorf("failed check = %+v, want the location %s", st, where)
	}
	body := gh.globsComment(10)
	if !strings.Contains(body, cfg+":22:19: Duplicate stack") || !strings.Contains(body, `"envs/clash"`) {
		t.Errorf("the errors' comment:\n%s", body)
	}
	if n := len(a.runs("app-envs-clash")); n != 0 {
		t.Errorf("the clashing stack block got %d runs", n)
	}

	// Renamed: the check passes and the comment says so, edited in place.
	r.git(r.work, "mv", "envs/clash", "envs/blue")
	head3 := r.commit("rename the env")
	r.push("refs/pull/10/head")
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "synchronize", 10, head3, merged), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("pull_request 10 again: status %d", code)
	}
	a.waitRun("app-envs-blue", "the plan of the renamed directory", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head3 })
	waitFor(t, "the check to pass", 30*time.Second, func() bool {
		st, ok := gh.lastStatus(head3, "trueup:globs")
		return ok && st.State == "success"
	})
	var globs int
	for _, c := range gh.prComments(10) {
		if strings.Contains(c.Body, "<!-- trueup:globs -->") {
			globs++
		}
	}
	if body := gh.globsComment(10); globs != 1 || !strings.Contains(body, "without errors") {
		t.Errorf("%d globs comments; the last:\n%s", globs, body)
	}
}

// TestGitLabMergeRequestPlansANewGlobDirectory: on GitLab, a merge
// request adding envs/new gets a note with the plan of app-envs-new and
// its status; the directory it removes is named in a note, not planned.
func TestGitLabMergeRequestPlansANewGlobDirectory(t *testing.T) {
	gl := newFakeGitLab(t)
	const iid = 4
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{
		"envs/dev/main.tf":  fileStack(map[string]string{"dev": "1"}),
		"envs/prod/main.tf": fileStack(map[string]string{"prod": "1"}),
	})
	r.commit("two envs")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, gitlabForgeBlock(gl.srv.URL)+fmt.Sprintf(`
stack "app" {
  repo = %q
  path = "envs/*"
  vars = { out = %q }
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data)

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"envs/new/main.tf": fileStack(map[string]string{"new": "fresh"})})
	r.git(r.work, "rm", "-q", "-r", "envs/dev")
	head := r.commit("add envs/new, retire envs/dev")
	r.push(fmt.Sprintf("refs/merge-requests/%d/head", iid))
	if code := sendGitLabEvent(t, a.url, "Merge Request Hook", mrPayload(r.url(), "open", iid, head, ""), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("merge request: status %d", code)
	}
	got := a.waitRun("app-envs-new", "the plan of the new directory", func(x run) bool {
		return x.Kind == "pr-plan" && x.Commit == head && x.Outcome != "queued" && x.Outcome != "running"
	})
	if got.Outcome != "succeeded" || got.PR != iid {
		t.Fatalf("plan of app-envs-new = %+v", got)
	}
	assertStatuses(t, gl, head, "app-envs-new", got.ID)
	var plan, removal string
	waitFor(t, "the notes", 30*time.Second, func() bool {
		for _, n := range gl.mrNotes(glProjectPath, iid) {
			switch {
			case strings.Contains(n.Body, "<!-- trueup:stack=app-envs-new -->"):
				plan = n.Body
			case strings.Contains(n.Body, "<!-- trueup:globs -->"):
				removal = n.Body
			}
		}
		return plan != "" && removal != ""
	})
	if !strings.Contains(plan, "local_file.new") {
		t.Errorf("plan note:\n%s", plan)
	}
	if !strings.Contains(removal, "`app-envs-dev` (directory `envs/dev`") || !strings.Contains(removal, "not destroyed") {
		t.Errorf("removal note:\n%s", removal)
	}
	if st, ok := gl.lastStatus(head, "trueup:globs"); !ok || st.State != "success" {
		t.Errorf("status trueup:globs = %+v (found %v)", st, ok)
	}
	if n := len(a.runs("app-envs-dev")); n != 0 {
		t.Errorf("the removed directory got %d runs", n)
	}
	assertNothingApplied(t, out, data)
	if trouble := gl.trouble(); len(trouble) > 0 {
		t.Errorf("the fake GitLab refused requests:\n%s", strings.Join(trouble, "\n"))
	}
}
