package e2e

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

const noForbiddenFiles = `package trueup.files

import rego.v1

deny contains {"msg": sprintf("%s: content must not say forbidden", [rc.address]), "address": rc.address} if {
	some rc in input.resource_changes
	rc.type == "local_file"
	contains(rc.change.after.content, "forbidden")
}
`

// TestPolicyBlocksApplyAndIsReportedOnThePullRequest: a stack's Rego
// policies, kept with the agent (not in the repository), are checked
// against every plan: a pull request whose plan breaks them gets the
// failures in its comment and a failing status; a push that breaks them
// is not applied; the fixed push is.
func TestPolicyBlocksApplyAndIsReportedOnThePullRequest(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, base := seedRepo(t, "a fine file", map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"ok": "fine\n"})})
	out := t.TempDir()
	app := pushStack("app", r, "stacks/app", out, "acme/infra")
	app.pollInterval = "1s"
	app.policies = []string{policyDir(t, noForbiddenFiles)}
	a := startAgentWith(t, forgeBlock(gh)+stacks(app))
	first := a.waitRun("app", "the first commit to be applied", func(x run) bool { return x.Commit == base })
	if first.Outcome != "succeeded" || !first.Summary.Applied {
		t.Fatalf("first run %+v, want a plan that passes the policy applied", first)
	}

	// A pull request that breaks the policy.
	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"ok": "fine\n", "bad": "forbidden words\n"})})
	head := r.commit("a forbidden file")
	r.push("refs/pull/9/head")
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "opened", 9, head, base), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("pull request delivery: status %d", code)
	}
	pr := a.waitRun("app", "the pull request's plan", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head })
	if pr.Outcome != "failed" {
		t.Errorf("pull request run %+v, want failed by the policy", pr)
	}
	comments := gh.prComments(9)
	if len(comments) != 1 {
		t.Fatalf("%d comments, want 1", len(comments))
	}
	for _, want := range []string{"**Policy check failed**: 1 failure", "`trueup.files.deny`", "`local_file.bad`", "content must not say forbidden"} {
		if !strings.Contains(comments[0].Body, want) {
			t.Errorf("comment lacks %q:\n%s", want, comments[0].Body)
		}
	}
	if st, ok := gh.lastStatus(head, "trueup/app"); !ok || st.State != "failure" || !strings.Contains(st.Description, "policy check failed") {
		t.Errorf("status of the pull request's head = %+v (found %v), want a policy failure", st, ok)
	}

	// The same change merged: planned, checked, not applied.
	r.git(r.work, "checkout", "-q", "main")
	r.git(r.work, "merge", "-q", "--ff-only", "feature")
	r.push("main")
	blocked := a.waitRun("app", "the merged commit's run", func(x run) bool { return x.Kind == "apply" && x.Commit == head })
	if blocked.Outcome != "failed" || blocked.Summary.Applied || !strings.Contains(blocked.Error, "policy check failed") {
		t.Errorf("merged run %+v, want failed by the policy with nothing applied", blocked)
	}
	if _, ok := readFile(t, filepath.Join(out, "bad.txt")); ok {
		t.Fatal("bad.txt was written although the policy failed")
	}

	// The fix is applied.
	r.write(map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"ok": "fine\n", "bad": "allowed words\n"})})
	fix := r.commit("fix the file")
	r.push("main")
	fixed := a.waitRun("app", "the fix", func(x run) bool { return x.Commit == fix })
	if fixed.Outcome != "succeeded" || !fixed.Summary.Applied {
		t.Errorf("fix run %+v, want applied", fixed)
	}
	if got, _ := readFile(t, filepath.Join(out, "bad.txt")); got != "allowed words\n" {
		t.Errorf("bad.txt = %q after the fix", got)
	}
}
