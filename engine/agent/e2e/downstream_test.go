package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestDownstreamPullRequestIsPlannedAgainAfterItsUpstreamApplies
// (atlassian/atlantis#6052): app depends on network. A pull request
// changing app is planned; then a merge applies network: the pull
// request's plan of app is made again, and a comment says why. Then a
// merge breaks network: the pull request is held, its status fails and
// the comment says not to apply it.
func TestDownstreamPullRequestIsPlannedAgainAfterItsUpstreamApplies(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, base := seedRepo(t, "both stacks", map[string]string{"app/main.tf": depStack("app", "1", false), "network/main.tf": depStack("network", "1", false)})
	out := t.TempDir()
	app := pushStack("app", r, "app", out, "acme/infra")
	app.dependsOn = []string{"network"}
	a := startAgentWith(t, forgeBlock(gh)+stacks(app, pushStack("network", r, "network", out, "acme/infra")))

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"app/main.tf": depStack("app", "pr", false)})
	head := r.commit("change app")
	r.push("refs/pull/7/head")
	gh.setPull(7, ghPR{Head: head, Base: base, State: "open"})
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "opened", 7, head, base), webhookSecret); code >= 300 {
		t.Fatalf("pull request delivery: %d", code)
	}
	first := a.waitRun("app", "the pull request's plan", func(x run) bool { return x.Kind == "pr-plan" && x.PR == 7 })
	if len(a.runs("network")) != 0 {
		t.Fatalf("the pull request touches app only, but network ran: %+v", a.runs("network"))
	}

	r.git(r.work, "checkout", "-q", "main")
	r.write(map[string]string{"network/main.tf": depStack("network", "2", false)})
	merged := r.commit("network 2")
	r.push("main")
	if code := sendGitHubEvent(t, a.url, "push", pushOf(r.url(), base, merged, "network/main.tf"), webhookSecret); code >= 300 {
		t.Fatalf("push delivery: %d", code)
	}
	if x := a.waitRun("network", "network's apply", func(x run) bool { return x.Commit == merged }); x.Outcome != "succeeded" {
		t.Fatalf("network's apply = %s (%s)", x.Outcome, x.Error)
	}
	again := a.waitRun("app", "app's pull request planned again", func(x run) bool {
		return x.Kind == "pr-plan" && x.PR == 7 && x.ID != first.ID
	})
	if again.Trigger != "upstream" || again.Commit != head || again.Outcome == "failed" {
		t.Errorf("the new plan = %+v; want an upstream-triggered plan of the pull request's head", again)
	}
	note := upstreamNote(gh, 7, "app")
	if !strings.Contains(note, "Upstream stack `network` applied `"+merged[:8]+"`") || !strings.Contains(note, "being made again") {
		t.Errorf("upstream comment = %q", note)
	}

	r.write(map[string]string{"network/main.tf": "resource \"local_file\" \"f\" {\n  filename = var.nope\n}\n"})
	broken := r.commit("break the network")
	r.push("main")
	if code := sendGitHubEvent(t, a.url, "push", pushOf(r.url(), merged, broken, "network/main.tf"), webhookSecret); code >= 300 {
		t.Fatalf("push delivery: %d", code)
	}
	if x := a.waitRun("network", "network's failed apply", func(x run) bool { return x.Commit == broken }); x.Outcome != "failed" {
		t.Fatalf("the broken network's apply = %s", x.Outcome)
	}
	waitFor(t, "the pull request to be held", 30*time.Second, func() bool {
		st, ok := gh.lastStatus(head, "trueup/app")
		return ok && st.State == "failure" && strings.Contains(st.Description, "held: upstream stack network's apply failed")
	})
	if note := upstreamNote(gh, 7, "app"); !strings.Contains(note, "**Held**") || !strings.Contains(note, "do not apply it") {
		t.Errorf("upstream comment after the failure = %q", note)
	}
	for _, x := range a.runs("app") {
		if x.Kind == "pr-plan" && x.ID != first.ID && x.ID != again.ID {
			t.Errorf("a failed upstream apply planned the pull request again: %+v", x)
		}
	}
}

// upstreamNote returns the body of stack's upstream comment on pull
// request n; one at most may exist.
func upstreamNote(gh *fakeGitHub, n int, stack string) string {
	var found []string
	for _, c := range gh.prComments(n) {
		if strings.Contains(c.Body, "<!-- trueup:upstream="+stack+" -->") {
			found = append(found, c.Body)
		}
	}
	if len(found) != 1 {
		return fmt.Sprintf("%d upstream comments", len(found))
	}
	return found[0]
}
