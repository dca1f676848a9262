package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCommentApplyNeedsApprovalAndAFreshPlan: `trueup apply` on a pull
// request applies the commented plan of a stack that allows it once the
// pull request is approved, records who asked, and reports on the pull
// request; an unapproved pull request, a head that moved since the plan
// and a plan that changed since it was commented apply nothing.
func TestCommentApplyNeedsApprovalAndAFreshPlan(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, base := seedRepo(t, "two stacks", map[string]string{"stacks/a/main.tf": greetingStack("a"), "stacks/b/main.tf": greetingStack("b")})
	out := t.TempDir()
	sa, sb := prStack("a", r, out), prStack("b", r, out)
	sa.requirements = []string{"approved"}
	sb.applyFromPR = false
	a := startAgentWith(t, forgeBlock(gh)+stacks(sa, sb))
	gh.setPermission("ann", "write")

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{
		"stacks/a/main.tf": strings.Replace(greetingStack("a"), `"hello"`, `"bonjour"`, 1),
		"stacks/b/main.tf": strings.Replace(greetingStack("b"), `"hello"`, `"hola"`, 1),
	})
	head := r.commit("new greetings")
	r.push("refs/pull/8/head")
	gh.setPull(8, ghPR{Head: head, Base: base, State: "open", Mergeable: true})

	comment := func(id int64, body string) {
		t.Helper()
		if code := sendGitHubEvent(t, a.url, "issue_comment", commentPayload(r.url(), 8, id, "ann", body), webhookSecret); code != http.StatusAccepted {
			t.Fatalf("comment %d: status %d", id, code)
		}
	}
	waitReply := func(want string) string {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		var last string
		for time.Now().Before(deadline) {
			for _, c := range gh.prComments(8) {
				if strings.Contains(c.Body, "<!-- trueup:reply -->") {
					last = c.Body
				}
			}
			if strings.Contains(last, want) {
				return last
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the reply never said %q; last reply:\n%s", want, last)
		return ""
	}

	comment(201, "trueup plan")
	a.waitRun("a", "the plan of a", func(x run) bool {
		return x.Kind == "pr-plan" && x.Commit == head && x.Outcome != "queued" && x.Outcome != "running"
	})
	a.waitRun("b", "the plan of b", func(x run) bool {
		return x.Kind == "pr-plan" && x.Commit == head && x.Outcome != "queued" && x.Outcome != "running"
	})

	// Not approved, and b does not allow applies from pull requests.
	comment(202, "trueup apply")
	reply := waitReply("nothing was applied")
	for _, want := range []string{"- `a`: the pull request is not approved", "- `b`: applying from a pull request is not enabled"} {
		if !strings.Contains(reply, want) {
			t.Errorf("reply lacks %q:\n%s", want, reply)
		}
	}
	if got, _ := readFile(t, filepath.Join(out, "a.txt")); got != "" {
		t.Fatalf("a.txt = %q before any approved apply", got)
	}

	// Approved by someone else: -p a applies a's reviewed plan.
	gh.setPull(8, ghPR{Head: head, Base: base, State: "open", Mergeable: true, Approvers: []string{"bob"}})
	comment(203, "trueup apply -p a")
	applied := a.waitRun("a", "the apply from the pull request", func(x run) bool {
		return x.Kind == "apply" && x.PR == 8 && x.Outcome != "queued" && x.Outcome != "running"
	})
	if applied.Outcome != "succeeded" || !applied.Summary.Applied || applied.Trigger != "comment" || applied.Commit != head {
		t.Fatalf("apply from the pull request = %+v", applied)
	}
	if got, _ := readFile(t, filepath.Join(out, "a.txt")); got != "bonjour from a" {
		t.Errorf("a.txt = %q after the apply", got)
	}
	if got, ok := readFile(t, filepath.Join(out, "b.txt")); ok {
		t.Errorf("b was applied too: %q", got)
	}
	var applyComment string
	for _, c := range gh.prComments(8) {
		if strings.Contains(c.Body, "<!-- trueup:apply=a -->") {
			applyComment = c.Body
		}
	}
	if !strings.Contains(applyComment, "**Applied**") || !strings.Contains(applyComment, "as requested by @ann") {
		t.Errorf("apply comment:\n%s", applyComment)
	}

	// A plan that changed since it was commented is not applied: a's
	// reviewed plan replaced a.txt; now the file is gone, so the plan at
	// apply time would create it instead.
	r.write(map[string]string{"stacks/a/main.tf": strings.Replace(greetingStack("a"), `"hello"`, `"salut"`, 1)})
	head2 := r.commit("salut")
	r.push("refs/pull/8/head")
	gh.setPull(8, ghPR{Head: head2, Base: base, State: "open", Mergeable: true, Approvers: []string{"bob"}})
	comment(204, "trueup apply -p a")
	waitReply("the plan is stale: it was made at " + head[:7])
	comment(205, "trueup plan -p a")
	a.waitRun("a", "the plan of the new head", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head2 && x.Outcome == "succeeded" })
	if err := os.Remove(filepath.Join(out, "a.txt")); err != nil {
		t.Fatal(err)
	}
	comment(206, "trueup apply -p a")
	stale := a.waitRun("a", "the refused apply", func(x run) bool {
		return x.Kind == "apply" && x.Commit == head2 && x.Outcome != "queued" && x.Outcome != "running"
	})
	if stale.Outcome != "failed" || stale.Summary.Applied || !strings.Contains(stale.Error, "the plan changed since it was commented") {
		t.Errorf("apply of a changed plan = %+v", stale)
	}
	if _, ok := readFile(t, filepath.Join(out, "a.txt")); ok {
		t.Error("a.txt was created by an apply whose plan changed since review")
	}
}
