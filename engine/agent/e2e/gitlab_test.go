package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGitLabMergeRequestPlansAreNotedInPlace: a Merge Request Hook with the
// right X-Gitlab-Token yields exactly one note per touched stack on the
// merge request (found among other notes across pages), edited in place
// after a second push, and pending then success statuses on the head
// commit; nothing is applied; a missing or wrong token gets 401 and starts
// nothing.
func TestGitLabMergeRequestPlansAreNotedInPlace(t *testing.T) {
	t.Parallel()
	gl := newFakeGitLab(t)
	const iid = 7
	gl.seedNotes(glProjectPath, iid, 3)
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{
		"stacks/a/main.tf": fileStack(map[string]string{"a": "a v1\n"}),
		"stacks/b/main.tf": fileStack(map[string]string{"b": "b v1\n"}),
		"stacks/c/main.tf": fileStack(map[string]string{"c": "c v1\n"}),
	})
	r.commit("three stacks")
	r.push("main")

	var stacks strings.Builder
	for _, name := range []string{"a", "b", "c"} {
		fmt.Fprintf(&stacks, "stack %q {\n  repo = %q\n  path = \"stacks/%s\"\n  vars = { out = %q }\n  auto_apply = true\n}\n", name, r.url(), name, out)
	}
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, gitlabForgeBlock(gl.srv.URL)+stacks.String())
	a := startAgent(t, cfg, addr, data)

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{
		"stacks/a/main.tf": fileStack(map[string]string{"a": "a v2\n"}),
		"stacks/b/main.tf": fileStack(map[string]string{"b": "b v2\n", "b2": "new\n"}),
	})
	head1 := r.commit("change a and b")
	r.push(fmt.Sprintf("refs/merge-requests/%d/head", iid))

	for _, bad := range []string{"", "not-the-secret", webhookSecret + "x"} {
		if code := sendGitLabEvent(t, a.url, "Merge Request Hook", mrPayload(r.url(), "open", iid, head1, ""), bad); code != http.StatusUnauthorized {
			t.Errorf("delivery with X-Gitlab-Token %q: status %d, want 401", bad, code)
		}
	}
	if runs := a.runs(""); len(runs) != 0 {
		t.Fatalf("refused deliveries started %d runs", len(runs))
	}

	if code := sendGitLabEvent(t, a.url, "Merge Request Hook", mrPayload(r.url(), "open", iid, head1, ""), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("delivery with the right token: status %d, want 202", code)
	}
	runIDs := map[string]uint64{}
	for _, s := range []string{"a", "b"} {
		got := a.waitRun(s, "the merge-request plan of "+s, func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head1 })
		if got.PR != iid || got.Trigger != "webhook" || got.Outcome != "succeeded" {
			t.Errorf("run of %s = %+v, want a succeeded webhook plan of !%d", s, got, iid)
		}
		runIDs[s] = got.ID
	}
	first := trueupNotes(t, gl.mrNotes(glProjectPath, iid))
	if len(first) != 2 {
		t.Fatalf("%d trueup notes on the merge request, want one for each of a and b", len(first))
	}
	if !strings.Contains(first["a"].Body, "a v2") || !strings.Contains(first["b"].Body, "b2") {
		t.Errorf("notes do not show the planned changes:\na: %s\nb: %s", first["a"].Body, first["b"].Body)
	}
	if runs := a.runs("c"); len(runs) != 0 {
		t.Errorf("stack c, which the merge request does not touch, got %d runs", len(runs))
	}
	for _, s := range []string{"a", "b"} {
		assertStatuses(t, gl, head1, s, runIDs[s])
	}

	r.write(map[string]string{"stacks/a/main.tf": fileStack(map[string]string{"a": "a v3\n"})})
	head2 := r.commit("a again")
	r.push(fmt.Sprintf("refs/merge-requests/%d/head", iid))
	if code := sendGitLabEvent(t, a.url, "Merge Request Hook", mrPayload(r.url(), "update", iid, head2, head1), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("second delivery: status %d, want 202", code)
	}
	for _, s := range []string{"a", "b"} {
		got := a.waitRun(s, "the second plan of "+s, func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head2 })
		assertStatuses(t, gl, head2, s, got.ID)
	}
	notes := gl.mrNotes(glProjectPath, iid)
	after := trueupNotes(t, notes)
	if len(after) != 2 || len(notes) != 4+2 {
		t.Fatalf("after the second push: %d trueup notes of %d, want 2 of 6 (the discussion kept)", len(after), len(notes))
	}
	if after["a"].ID != first["a"].ID || !strings.Contains(after["a"].Body, "a v3") || !strings.Contains(after["a"].Body, head2[:7]) {
		t.Errorf("a's note was not edited in place with the new plan: id %d → %d\n%s", first["a"].ID, after["a"].ID, after["a"].Body)
	}
	if after["b"].ID != first["b"].ID {
		t.Errorf("b's note was replaced (id %d → %d), not edited", first["b"].ID, after["b"].ID)
	}

	assertNothingApplied(t, out, data)
	for _, n := range notes {
		assertNoSecrets(t, "a note", n.Body)
	}
	if trouble := gl.trouble(); len(trouble) > 0 {
		t.Errorf("the fake GitLab refused requests:\n%s", strings.Join(trouble, "\n"))
	}
}

// TestGitLabPushIsApplied: a Push Hook to main is applied (auto_apply) and
// its commit gets a success status on the project, set pending once even
// though the run waited for a state lock held elsewhere (GitLab refuses a
// pending status set again); a push to another branch starts nothing.
func TestGitLabPushIsApplied(t *testing.T) {
	t.Parallel()
	gl := newFakeGitLab(t)
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"hello": "hello v1\n"})})
	head := r.commit("add hello")
	r.push("main")

	data := t.TempDir()
	cfg, addr := writeConfig(t, data, gitlabForgeBlock(gl.srv.URL+"/api/v4")+fmt.Sprintf(`
stack "app" {
  repo       = %q
  path       = "stacks/app"
  vars       = { out = %q }
  auto_apply = true
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data)

	const zero = "0000000000000000000000000000000000000000"
	push := glPushPayload(r.url(), "feature", zero, head, "add hello", []string{"stacks/app/main.tf"})
	if code := sendGitLabEvent(t, a.url, "Push Hook", push, webhookSecret); code != http.StatusAccepted {
		t.Fatalf("push to feature: status %d, want 202", code)
	}
	if runs := a.runs("app"); len(runs) != 0 {
		t.Fatalf("a push to another branch started %d runs", len(runs))
	}

	lock := holdLocalLock(t, data, "app", "bob@laptop")
	push = glPushPayload(r.url(), "main", zero, head, "add hello", []string{"stacks/app/main.tf"})
	if code := sendGitLabEvent(t, a.url, "Push Hook", push, webhookSecret); code != http.StatusAccepted {
		t.Fatalf("push to main: status %d, want 202", code)
	}
	waitFor(t, "the run to wait for the state lock", 60*time.Second, func() bool {
		for _, x := range a.runs("app") {
			if x.Outcome == "queued" && strings.Contains(x.Error, "bob@laptop") {
				return true
			}
		}
		return false
	})
	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	got := a.waitRun("app", "the push to be applied", func(x run) bool { return x.Commit == head })
	if got.Outcome != "succeeded" || got.Kind != "apply" || got.Trigger != "webhook" || !got.Summary.Applied || got.Summary.Add != 1 {
		t.Fatalf("run = %+v, want a succeeded webhook-triggered apply adding 1", got)
	}
	if content, ok := readFile(t, filepath.Join(out, "hello.txt")); !ok || content != "hello v1\n" {
		t.Fatalf("hello.txt = %q (exists %v) after the apply", content, ok)
	}
	assertStatuses(t, gl, head, "app", got.ID)
	if trouble := gl.trouble(); len(trouble) > 0 {
		t.Errorf("the fake GitLab refused requests:\n%s", strings.Join(trouble, "\n"))
	}
}

// holdLocalLock writes the lock file of the stack's local state in the
// agent's data directory, as another trueup process holding it would, and
// returns its path.
func holdLocalLock(t *testing.T, data, stack, who string) string {
	t.Helper()
	dir := filepath.Join(data, "state", stack)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	info := map[string]any{"ID": "held-by-" + who, "Operation": "OperationTypeApply", "Who": who, "Version": "test",
		"Created": time.Now().UTC(), "Path": filepath.Join(dir, ".terraform.tfstate.lock.info")}
	b, _ := json.Marshal(info)
	path := filepath.Join(dir, ".terraform.tfstate.lock.info")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// trueupNotes returns the notes holding a stack's marker, by stack; a
// second note for one stack fails the test.
func trueupNotes(t *testing.T, notes []glNote) map[string]glNote {
	t.Helper()
	out := map[string]glNote{}
	for _, n := range notes {
		for _, s := range []string{"a", "b", "c"} {
			if strings.Contains(n.Body, "<!-- trueup:stack="+s+" -->") {
				if _, dup := out[s]; dup {
					t.Errorf("two notes for stack %s", s)
				}
				out[s] = n
			}
		}
	}
	return out
}

// assertStatuses checks that the commit's status for stack went pending
// then success, on the project, linking the run.
func assertStatuses(t *testing.T, gl *fakeGitLab, sha, stack string, runID uint64) {
	t.Helper()
	name := "trueup/" + stack
	states := gl.statusStates(sha, name)
	if strings.Join(states, ",") != "pending,success" {
		t.Errorf("statuses %s of %s = %v, want pending then success", name, sha[:7], states)
	}
	last, _ := gl.lastStatus(sha, name)
	if last.Project != glProjectPath || !strings.HasSuffix(last.TargetURL, fmt.Sprintf("/runs/%d", runID)) {
		t.Errorf("status %s of %s = %+v, want it on %s linking run %d", name, sha[:7], last, glProjectPath, runID)
	}
}

// assertNothingApplied checks that no file was written to out and no
// state under data.
func assertNothingApplied(t *testing.T, out, data string) {
	t.Helper()
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a merge request applied something: %d files in the output directory", len(entries))
	}
	if matches, _ := filepath.Glob(filepath.Join(data, "state", "*", "terraform.tfstate")); len(matches) > 0 {
		t.Errorf("a merge request wrote state: %v", matches)
	}
}
