package e2e

import (
	"net/http"
	"path/filepath"
	"testing"
)

// pushPayload is a GitHub push delivery of branch to the repository at url.
func pushPayload(url, branch, before, after string) map[string]any {
	return map[string]any{
		"ref": "refs/heads/" + branch, "before": before, "after": after,
		"repository": map[string]any{"full_name": "acme/infra", "clone_url": url, "html_url": "https://github.example.com/acme/infra"},
		"pusher":     map[string]any{"name": "ann"},
		"head_commit": map[string]any{"id": after, "message": "change",
			"author": map[string]any{"name": "Ann Author", "email": "ann@example.com"}},
		"commits": []any{map[string]any{"id": after, "added": []string{}, "modified": []string{"stacks/app/main.tf"}, "removed": []string{}}},
	}
}

// TestSignedPushWebhookIsAppliedWithoutPolling: a stack that does not poll
// is applied when a signed push delivery arrives for its branch; a push to
// another branch, and a delivery with a bad signature, start nothing.
func TestSignedPushWebhookIsAppliedWithoutPolling(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, first := seedRepo(t, "add greeting", map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"greeting": "hello\n"})})
	out := t.TempDir()
	a := startAgentWith(t, forgeBlock(gh)+stacks(pushStack("app", r, "stacks/app", out, "acme/infra")))

	if code := sendGitHubEvent(t, a.url, "push", pushPayload(r.url(), "main", "", first), "not-the-secret"); code != http.StatusUnauthorized {
		t.Fatalf("a badly signed push got %d, want 401", code)
	}
	if code := sendGitHubEvent(t, a.url, "push", pushPayload(r.url(), "feature", "", first), webhookSecret); code >= 300 {
		t.Fatalf("a push to another branch got %d", code)
	}
	if code := sendGitHubEvent(t, a.url, "push", pushPayload(r.url(), "main", "", first), webhookSecret); code >= 300 {
		t.Fatalf("a signed push got %d", code)
	}
	applied := a.waitRun("app", "the pushed commit to be applied", func(x run) bool { return x.Commit == first })
	if applied.Outcome != "succeeded" || applied.Trigger != "webhook" || !applied.Summary.Applied {
		t.Fatalf("run = %+v, want a succeeded, webhook-triggered apply", applied)
	}
	if got, ok := readFile(t, filepath.Join(out, "greeting.txt")); !ok || got != "hello\n" {
		t.Fatalf("greeting.txt = %q (exists %v)", got, ok)
	}
	if st, ok := gh.lastStatus(first, "trueup/app"); !ok || st.State != "success" {
		t.Errorf("the pushed commit's status = %+v (found %v), want success", st, ok)
	}
	if runs := a.runs("app"); len(runs) != 1 {
		t.Errorf("the agent ran %d runs, want exactly the one for the signed push to main: %+v", len(runs), runs)
	}
}
