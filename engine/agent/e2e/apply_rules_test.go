package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestApplyRequirementsWindowsAndAutomerge: `trueup apply` from a pull
// request is refused, naming the unmet requirement and applying nothing,
// while another CI's status or check run is not green, while the pull
// request has diverged from its base branch, and while a deny deploy
// window is open; once they hold it applies and, with automerge, merges
// the pull request at the applied head.
func TestApplyRequirementsWindowsAndAutomerge(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, base := seedRepo(t, "two stacks", map[string]string{"stacks/a/main.tf": greetingStack("a"), "stacks/w/main.tf": greetingStack("w"), "README": "v1\n"})
	out := t.TempDir()
	sa, sw := prStack("a", r, out), prStack("w", r, out)
	sa.requirements = []string{"undiverged", "not_stale", "status_checks"}
	sa.more = "  automerge = true\n"
	sw.more = "  deploy_window \"deny\" {\n    schedule = \"* * * * *\"\n    duration = \"2h\"\n  }\n"
	a := startAgentWith(t, forgeBlock(gh)+stacks(sa, sw))
	gh.setPermission("ann", "write")

	// #9 changes w, which a deny window always covers.
	r.git(r.work, "checkout", "-q", "-b", "w-change")
	r.write(map[string]string{"stacks/w/main.tf": strings.Replace(greetingStack("w"), `"hello"`, `"ciao"`, 1)})
	head9 := r.commit("ciao")
	r.push("refs/pull/9/head")
	gh.setPull(9, ghPR{Head: head9, Base: base, State: "open", Mergeable: true})
	comment := func(n int, id int64, body string) {
		t.Helper()
		if code := sendGitHubEvent(t, a.url, "issue_comment", commentPayload(r.url(), n, id, "ann", body), webhookSecret); code != 202 {
			t.Fatalf("comment %d: status %d", id, code)
		}
	}
	comment(9, 501, "trueup plan")
	a.waitRun("w", "the plan of #9", func(x run) bool { return x.Kind == "pr-plan" && x.PR == 9 })
	comment(9, 502, "trueup apply")
	reply := waitPRComment(t, gh, 9, "<!-- trueup:reply -->", "nothing was applied")
	if !strings.Contains(reply, "- `w`: outside the stack's deploy windows: the deny deploy window \"* * * * *\" (for 2h0m0s) is open (`deploy_window`)") {
		t.Errorf("apply inside a deny window:\n%s", reply)
	}

	// #8 changes a.
	r.git(r.work, "checkout", "-q", "-b", "a-change", base)
	r.write(map[string]string{"stacks/a/main.tf": strings.Replace(greetingStack("a"), `"hello"`, `"bonjour"`, 1)})
	head8 := r.commit("bonjour")
	r.push("refs/pull/8/head")
	gh.setPull(8, ghPR{Head: head8, Base: base, State: "open", Mergeable: true})
	comment(8, 511, "trueup plan")
	a.waitRun("a", "the plan of #8", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head8 })
	gh.addStatus(head8, "ci/build", "failure")
	gh.setCheckRuns(head8, ghCheckRun{Name: "lint", Status: "in_progress"})
	comment(8, 512, "trueup apply")
	reply = waitPRComment(t, gh, 8, "<!-- trueup:reply -->", "nothing was applied")
	if !strings.Contains(reply, "- `a`: the status checks are not green: ci/build is failure, lint is pending (`apply_requirements`: status_checks)") {
		t.Errorf("apply with red checks:\n%s", reply)
	}

	// Green checks, but main moved on: diverged.
	gh.addStatus(head8, "ci/build", "success")
	gh.setCheckRuns(head8, ghCheckRun{Name: "lint", Status: "completed", Conclusion: "success"})
	r.git(r.work, "checkout", "-q", "main")
	r.write(map[string]string{"README": "v2\n"})
	main2 := r.commit("readme")
	r.push("main")
	comment(8, 513, "trueup apply")
	reply = waitPRComment(t, gh, 8, "<!-- trueup:reply -->", "has diverged")
	if !strings.Contains(reply, "main is now at "+main2[:8]+", which its head "+head8[:8]+" does not contain") {
		t.Errorf("apply of a diverged pull request:\n%s", reply)
	}
	if _, ok := readFile(t, filepath.Join(out, "a.txt")); ok {
		t.Fatal("a.txt written by a refused apply")
	}

	// Merged with main, planned again, green: applied and merged.
	r.git(r.work, "checkout", "-q", "a-change")
	r.git(r.work, "merge", "-q", "--no-edit", "main")
	head8b := strings.TrimSpace(r.git(r.work, "rev-parse", "HEAD"))
	r.push("refs/pull/8/head")
	gh.setPull(8, ghPR{Head: head8b, Base: main2, State: "open", Mergeable: true})
	gh.addStatus(head8b, "ci/build", "success")
	comment(8, 514, "trueup plan")
	a.waitRun("a", "the plan of #8's new head", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head8b })
	comment(8, 515, "trueup apply")
	applied := a.waitRun("a", "the apply of #8", func(x run) bool { return x.Kind == "apply" && x.PR == 8 })
	if applied.Outcome != "succeeded" || applied.Commit != head8b {
		t.Fatalf("apply = %+v", applied)
	}
	if got, _ := readFile(t, filepath.Join(out, "a.txt")); got != "bonjour from a" {
		t.Errorf("a.txt = %q", got)
	}
	body := waitPRComment(t, gh, 8, "<!-- trueup:apply=a -->", "**Applied**")
	if !strings.Contains(body, "Merged the pull request at `"+head8b[:8]+"` (`automerge`).") {
		t.Errorf("apply comment:\n%s", body)
	}
	if m := gh.mergeList(); len(m) != 1 || m[0].Number != 8 || m[0].SHA != head8b {
		t.Errorf("merges = %+v, want #8 at its applied head", m)
	}
	if _, ok := readFile(t, filepath.Join(out, "w.txt")); ok {
		t.Error("w.txt written inside its deny window")
	}
}
