package e2e

import (
	"testing"
	"time"
)

// TestPushRunsOnlyItsRepositorysStacks: one agent manages stacks in two
// real repositories (both at path "app"); a push delivery of one
// repository runs its stack only.
func TestPushRunsOnlyItsRepositorysStacks(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	out := t.TempDir()
	infra, c1 := seedRepo(t, "infra", map[string]string{"app/main.tf": fileStack(map[string]string{"infra": "1"})})
	web, c2 := seedRepo(t, "web", map[string]string{"app/main.tf": fileStack(map[string]string{"web": "1"})})
	a := startAgentWith(t, forgeBlock(gh)+stacks(pushStack("infra", infra, "app", out, "acme/infra"), pushStack("web", web, "app", out, "acme/web")))
	if code := sendGitHubEvent(t, a.url, "push", pushOf(infra.url(), "0000000000000000000000000000000000000000", c1, "app/main.tf"), webhookSecret); code >= 300 {
		t.Fatalf("push: %d", code)
	}
	if x := a.waitRun("infra", "infra applied", func(x run) bool { return x.Commit == c1 }); x.Outcome != "succeeded" {
		t.Fatalf("infra's run = %+v", x)
	}
	time.Sleep(2 * time.Second)
	if runs := a.runs("web"); len(runs) != 0 {
		t.Fatalf("a push to infra ran web: %+v", runs)
	}
	if code := sendGitHubEvent(t, a.url, "push", pushOf(web.url(), "0000000000000000000000000000000000000000", c2, "app/main.tf"), webhookSecret); code >= 300 {
		t.Fatalf("push: %d", code)
	}
	if x := a.waitRun("web", "web applied", func(x run) bool { return x.Commit == c2 }); x.Outcome != "succeeded" {
		t.Fatalf("web's run = %+v", x)
	}
	if runs := a.runs("infra"); len(runs) != 1 {
		t.Errorf("a push to web ran infra again: %+v", runs)
	}
}
