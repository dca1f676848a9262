package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestGitLabNoteCommandsPlanAndApply: `trueup plan` and `trueup apply` in
// notes on a GitLab merge request work as on GitHub: a reporter is
// refused with nothing run, a developer's plan is noted and its apply
// (the merge request approved, the plan fresh) applies the reviewed
// plan, answered with award emoji and audited with who asked.
func TestGitLabNoteCommandsPlanAndApply(t *testing.T) {
	t.Parallel()
	gl := newFakeGitLab(t)
	const iid = 7
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"stacks/a/main.tf": greetingStack("a")})
	base := r.commit("a stack")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, gitlabForgeBlock(gl.srv.URL)+fmt.Sprintf(`
stack "a" {
  repo               = %q
  path               = "stacks/a"
  vars               = { out = %q }
  forge_repo         = "acme/infra"
  apply_from_pr      = true
  apply_requirements = ["approved"]
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data)

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"stacks/a/main.tf": strings.Replace(greetingStack("a"), `"hello"`, `"bonjour"`, 1)})
	head := r.commit("a says bonjour")
	r.push(fmt.Sprintf("refs/merge-requests/%d/head", iid))
	gl.setMR(iid, glMR{Head: head, Base: base, Author: "ann"}, "bob")
	gl.setMember("ann", 30) // developer
	gl.setMember("rita", 20)

	note := func(id int64, user, body string) {
		t.Helper()
		if code := sendGitLabEvent(t, a.url, "Note Hook", notePayload(r.url(), iid, id, user, body), webhookSecret); code != http.StatusAccepted {
			t.Fatalf("note %d: status %d", id, code)
		}
	}
	waitAwards := func(id int64, want ...string) {
		t.Helper()
		waitFor(t, fmt.Sprintf("award emoji %v on note %d", want, id), 60*time.Second, func() bool {
			return strings.Join(gl.awardsTo(id), ",") == strings.Join(want, ",")
		})
	}

	note(301, "rita", "trueup plan")
	waitAwards(301, "eyes", "thumbsdown")
	if runs := a.runs(""); len(runs) != 0 {
		t.Fatalf("a reporter's note started runs: %+v", runs)
	}

	note(302, "ann", "trueup plan")
	plan := a.waitRun("a", "the noted plan", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head })
	if plan.Trigger != "comment" || plan.PR != iid || plan.Outcome != "succeeded" {
		t.Fatalf("the noted plan: %+v", plan)
	}
	waitAwards(302, "eyes", "thumbsup")
	waitFor(t, "the plan's note", 30*time.Second, func() bool {
		for _, n := range gl.mrNotes(glProjectPath, iid) {
			if strings.Contains(n.Body, "bonjour from a") {
				return true
			}
		}
		return false
	})
	if got, _ := readFile(t, out+"/a.txt"); got != "" {
		t.Fatalf("a plan wrote a.txt = %q", got)
	}

	note(303, "ann", "trueup apply")
	applied := a.waitRun("a", "the noted apply", func(x run) bool { return x.Kind == "apply" && x.Commit == head })
	if applied.Outcome != "succeeded" || applied.Trigger != "comment" {
		t.Fatalf("the noted apply: %+v", applied)
	}
	waitAwards(303, "eyes", "thumbsup")
	if got, _ := readFile(t, out+"/a.txt"); got != "bonjour from a" {
		t.Errorf("a.txt = %q after the apply", got)
	}
	if !hasEvent(a.audit(), func(e auditEvent) bool {
		return e.Action == "comment" && e.Principal == "gitlab:ann" && e.Target == "acme/infra#7: trueup apply" && e.Outcome == "requested"
	}) {
		t.Errorf("the audit trail lacks ann's apply: %+v", a.audit())
	}
	if trouble := gl.trouble(); len(trouble) > 0 {
		t.Errorf("the fake GitLab refused requests:\n%s", strings.Join(trouble, "\n"))
	}
}
