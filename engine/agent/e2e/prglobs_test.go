package e2e

import (
	"fmt"
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
	t.Parallel()
	gh := newFakeGitHub(t)
	out := t.TempDir()
	files := envStacks("dev", "prod")
	files["other/main.tf"] = fileStack(map[string]string{"other": "1"})
	r, base := seedRepo(t, "two envs", files)
	clash := stackConf{name: "app-envs-clash", repo: r.url(), path: "other", out: out, forgeRepo: "acme/infra"}
	app := pushStack("app", r, "envs/*", out, "acme/infra")
	app.applyFromPR, app.pollInterval = true, "1s"
	a := startAgentWith(t, forgeBlock(gh)+stacks(clash, app))
	cfg := a.config
	gh.setPermission("ann", "write")
	for _, s := range []string{"app-envs-dev", "app-envs-prod"} {
		a.waitRun(s, s+" applied", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })
	}

	head := openPR(t, gh, r, 9, base, "add envs/new, retire envs/dev", map[string]string{"envs/new/main.tf": fileStack(map[string]string{"new": "fresh"})}, "envs/dev")
	a.prEvent(r, "opened", 9, head, base)
	plan := a.waitRun("app-envs-new", "the plan of the new directory", func(x run) bool {
		return x.Kind == "pr-plan" && x.Commit == head && x.Outcome != "queued" && x.Outcome != "running"
	})
	if plan.Outcome != "succeeded" || plan.PR != 9 || plan.Summary.Add != 1 {
		t.Fatalf("plan of app-envs-new = %+v", plan)
	}
	if planComment := gh.stackComment(9, "app-envs-new"); !strings.Contains(planComment, "local_file.new") || !strings.Contains(planComment, "fresh") {
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

	a.prCommenter(r, 9)(301, "trueup apply -p app-envs-new")
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
	r.git(r.work, "merge", "-q", "--no-ff", "-m", "merge #9", "pr-9")
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
	head2 := openPR(t, gh, r, 10, merged, "a clashing env", map[string]string{"envs/clash/main.tf": fileStack(map[string]string{"clash": "1"})})
	a.prEvent(r, "opened", 10, head2, merged)
	// The agent sets the status, then comments: wait for both.
	waitFor(t, "the failed check and its comment", 30*time.Second, func() bool {
		st, ok := gh.lastStatus(head2, "trueup:globs")
		return ok && st.State == "failure" && strings.Contains(gh.globsComment(10), "Duplicate stack")
	})
	st, _ := gh.lastStatus(head2, "trueup:globs")
	at := configPosition(t, cfg, `"envs/*"`)
	where := filepath.Base(cfg) + at
	if !strings.HasPrefix(st.Description, where+": ") || !strings.Contains(st.Description, "Duplicate stack") {
		t.Errorf("failed check = %+v, want the location %s", st, where)
	}
	body := gh.globsComment(10)
	if !strings.Contains(body, cfg+at+": Duplicate stack") || !strings.Contains(body, `"envs/clash"`) {
		t.Errorf("the errors' comment:\n%s", body)
	}
	if n := len(a.runs("app-envs-clash")); n != 0 {
		t.Errorf("the clashing stack block got %d runs", n)
	}

	// Renamed: the check passes and the comment says so, edited in place.
	r.git(r.work, "mv", "envs/clash", "envs/blue")
	head3 := r.commit("rename the env")
	r.push("refs/pull/10/head")
	a.prEvent(r, "synchronize", 10, head3, merged)
	a.waitRun("app-envs-blue", "the plan of the renamed directory", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head3 })
	waitFor(t, "the check to pass and its comment to say so", 30*time.Second, func() bool {
		st, ok := gh.lastStatus(head3, "trueup:globs")
		return ok && st.State == "success" && strings.Contains(gh.globsComment(10), "without errors")
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
// its status, and the stack is listed as proposed by the merge request;
// the directory it removes is named in a note, not planned.
func TestGitLabMergeRequestPlansANewGlobDirectory(t *testing.T) {
	t.Parallel()
	gl := newFakeGitLab(t)
	const iid = 4
	out := t.TempDir()
	r, _ := seedRepo(t, "two envs", envStacks("dev", "prod"))
	a := startAgentWith(t, gitlabForgeBlock(gl.srv.URL)+stacks(stackConf{name: "app", repo: r.url(), path: "envs/*", out: out}))
	data := a.dataDir

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"envs/new/main.tf": fileStack(map[string]string{"new": "fresh"})})
	r.git(r.work, "rm", "-q", "-r", "envs/dev")
	head := r.commit("add envs/new, retire envs/dev")
	r.push(fmt.Sprintf("refs/merge-requests/%d/head", iid))
	if code := sendGitLabEvent(t, a.url, "Merge Request Hook", mrPayload(r.url(), "open", iid, head, ""), webhookSecret); code != 202 {
		t.Fatalf("merge request: status %d", code)
	}
	got := a.waitRun("app-envs-new", "the plan of the new directory", func(x run) bool {
		return x.Kind == "pr-plan" && x.Commit == head && x.Outcome != "queued" && x.Outcome != "running"
	})
	if got.Outcome != "succeeded" || got.PR != iid {
		t.Fatalf("plan of app-envs-new = %+v", got)
	}
	assertStatuses(t, gl, head, "app-envs-new", got.ID)
	if s, _ := a.apiStack("app-envs-new"); s.Proposed == nil || s.Proposed.PR != iid || s.Proposed.URL != "https://gitlab.example.com/acme/infra/-/merge_requests/4" {
		t.Errorf("app-envs-new in /api/stacks = %+v, want it proposed by merge request !%d", s, iid)
	}
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
