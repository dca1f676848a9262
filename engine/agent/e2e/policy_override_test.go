package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPolicyOverrideByPolicyOwner: a pull request's plan that fails the
// stack's policies is not applied by `trueup apply`; `trueup
// approve_policies` from a user with write access who is no policy owner
// is refused; from a member of a policy-owner team it overrides the
// failures (audited with who), and the apply then goes ahead and says who
// overrode the policies.
func TestPolicyOverrideByPolicyOwner(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, base := seedRepo(t, "a fine file", map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"ok": "fine\n"})})
	out := t.TempDir()
	app := prStack("app", r, out)
	app.policies = []string{policyDir(t, noForbiddenFiles)}
	a := startAgentWith(t, forgeBlock(gh)+"policy_owners {\n  users = [\"alice\"]\n  teams = [\"acme/platform\"]\n}\n\n"+stacks(app))
	for _, u := range []string{"ann", "carl"} {
		gh.setPermission(u, "write")
	}
	gh.setTeam("acme/platform", "carl")

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"ok": "fine\n", "bad": "forbidden words\n"})})
	head := r.commit("a forbidden file")
	r.push("refs/pull/9/head")
	gh.setPull(9, ghPR{Head: head, Base: base, State: "open", Mergeable: true})
	comment := func(id int64, user, body string) {
		t.Helper()
		if code := sendGitHubEvent(t, a.url, "issue_comment", commentPayload(r.url(), 9, id, user, body), webhookSecret); code != 202 {
			t.Fatalf("comment %d: status %d", id, code)
		}
	}
	comment(401, "ann", "trueup plan")
	plan := a.waitRun("app", "the plan", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head })
	if plan.Outcome != "failed" || !strings.HasPrefix(plan.Error, "policy check failed: 1 failure") {
		t.Fatalf("plan = %+v, want failed by the policy", plan)
	}

	comment(402, "ann", "trueup apply")
	reply := waitPRComment(t, gh, 9, "<!-- trueup:reply -->", "nothing was applied")
	if !strings.Contains(reply, "its plan fails the stack's policies (policy check failed: 1 failure); fix it, or a policy owner may override them with `trueup approve_policies`") {
		t.Errorf("apply before the override:\n%s", reply)
	}
	comment(403, "ann", "trueup approve_policies")
	reply = waitPRComment(t, gh, 9, "<!-- trueup:reply -->", "only policy owners")
	if !strings.Contains(reply, "@ann: only policy owners may override failing policies (users alice; members of acme/platform); nothing was approved.") {
		t.Errorf("approve_policies by ann:\n%s", reply)
	}
	if _, ok := readFile(t, filepath.Join(out, "bad.txt")); ok {
		t.Fatal("bad.txt written before any override")
	}

	comment(404, "carl", "trueup approve_policies")
	reply = waitPRComment(t, gh, 9, "<!-- trueup:reply -->", "@carl, a policy owner, overrode the failing policies of `app`")
	comment(405, "ann", "trueup apply")
	applied := a.waitRun("app", "the apply", func(x run) bool { return x.Kind == "apply" && x.PR == 9 })
	if applied.Outcome != "succeeded" || !applied.Summary.Applied {
		t.Fatalf("apply after the override = %+v", applied)
	}
	if got, _ := readFile(t, filepath.Join(out, "bad.txt")); got != "forbidden words\n" {
		t.Errorf("bad.txt = %q", got)
	}
	body := waitPRComment(t, gh, 9, "<!-- trueup:apply=app -->", "**Applied**")
	if !strings.Contains(body, "Failing policies overridden by @carl (policy owner).") {
		t.Errorf("apply comment:\n%s", body)
	}
	var ev []auditEvent
	waitFor(t, "the audit events", 10*time.Second, func() bool {
		ev = a.audit()
		return hasEvent(ev, func(e auditEvent) bool { return e.Action == "policy-override" })
	})
	if !hasEvent(ev, func(e auditEvent) bool {
		return e.Action == "policy-override" && e.Principal == "github:carl" && e.Target == "stack/app" && e.Run == plan.ID && strings.Contains(e.Detail, "policy check failed")
	}) {
		t.Errorf("no policy override by carl in the audit trail: %+v", ev)
	}
	if !hasEvent(ev, func(e auditEvent) bool {
		return e.Action == "comment" && e.Principal == "github:ann" && strings.Contains(e.Target, "approve_policies") && e.Outcome == "denied" && e.Detail == "not a policy owner"
	}) {
		t.Errorf("ann's refused override is not audited: %+v", ev)
	}
}
