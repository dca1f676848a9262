package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommentApplyRefusedWhenTheStateMoved (not_stale): a pull request is
// planned; `trueup apply` is refused while it is not mergeable; then an
// apply of the stack's branch moves its state, and `trueup apply` is
// refused naming the run that moved it, applies nothing and is in the audit
// trail; a new `trueup plan` lets the apply run.
func TestCommentApplyRefusedWhenTheStateMoved(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, base := seedRepo(t, "stack a", map[string]string{"stacks/a/main.tf": greetingStack("a")})
	out := t.TempDir()
	st := prStack("a", r, out)
	st.requirements = []string{"mergeable", "not_stale"}
	a := startAgentWith(t, forgeBlock(gh)+stacks(st))
	gh.setPermission("ann", "write")

	head := openPR(t, gh, r, 8, base, "bonjour", map[string]string{"stacks/a/main.tf": strings.Replace(greetingStack("a"), `"hello"`, `"bonjour"`, 1)})
	gh.setPull(8, ghPR{Head: head, Base: base, State: "open", Mergeable: false})
	comment := a.prCommenter(r, 8)
	comment(601, "trueup plan")
	planned := a.waitRun("a", "the plan of #8", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head && x.Outcome == "succeeded" })
	comment(605, "trueup apply")
	if reply := waitPRComment(t, gh, 8, "<!-- trueup:reply -->", "nothing was applied"); !strings.Contains(reply, "- `a`: the pull request is not mergeable (`apply_requirements`: mergeable)") {
		t.Errorf("apply of an unmergeable pull request:\n%s", reply)
	}
	gh.setPull(8, ghPR{Head: head, Base: base, State: "open", Mergeable: true})

	// The branch is applied by hand: the state moves under the plan.
	resp := a.do("POST", "/api/stacks/a/apply", nil)
	resp.Body.Close()
	moved := a.waitRun("a", "the apply of main", func(x run) bool { return x.Kind == "apply" && x.PR == 0 && x.Outcome == "succeeded" })
	if got, _ := readFile(t, filepath.Join(out, "a.txt")); got != "hello from a" {
		t.Fatalf("a.txt = %q after applying main", got)
	}

	comment(602, "trueup apply")
	reply := waitPRComment(t, gh, 8, "<!-- trueup:reply -->", "state moved since it was made")
	want := fmt.Sprintf("- `a`: the plan is stale: the stack's state moved since it was made (run %d, apply of `%s`", moved.ID, base[:8])
	if !strings.Contains(reply, want) || !strings.Contains(reply, "comment `trueup plan`") {
		t.Errorf("the refusal does not name the apply that moved the state:\n%s\nwant %q", reply, want)
	}
	for _, x := range a.runs("a") {
		if x.Kind == "apply" && x.PR == 8 {
			t.Fatalf("an apply was queued from the stale plan: %+v", x)
		}
	}
	if got, _ := readFile(t, filepath.Join(out, "a.txt")); got != "hello from a" {
		t.Errorf("a.txt = %q after the refused apply", got)
	}
	if !hasEvent(a.audit(), func(e auditEvent) bool {
		return e.Action == "comment" && e.Principal == "github:ann" && e.Outcome == "denied" && e.Target == "acme/infra#8: trueup apply" &&
			strings.Contains(e.Detail, "state moved")
	}) {
		t.Errorf("the refused apply is not in the audit trail: %+v", a.audit())
	}

	// A new plan is made against the moved state: the apply goes ahead.
	comment(603, "trueup plan")
	a.waitRun("a", "the new plan of #8", func(x run) bool {
		return x.Kind == "pr-plan" && x.ID > planned.ID && x.Outcome == "succeeded"
	})
	comment(604, "trueup apply")
	applied := a.waitRun("a", "the apply of #8", func(x run) bool {
		return x.Kind == "apply" && x.PR == 8 && x.Outcome != "queued" && x.Outcome != "running"
	})
	if applied.Outcome != "succeeded" || !applied.Summary.Applied {
		t.Fatalf("the apply after a new plan = %+v", applied)
	}
	if got, _ := readFile(t, filepath.Join(out, "a.txt")); got != "bonjour from a" {
		t.Errorf("a.txt = %q after the apply from the pull request", got)
	}
}
