package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigStack has enough resources that its plan passes GitHub's comment
// size limit.
func bigStack() string {
	return `variable "out" {
  type = string
}

resource "local_file" "many" {
  count    = 300
  filename = "${var.out}/many-${count.index}.txt"
  content  = "${count.index}: ${join("", [for i in range(40) : "lorem ipsum "])}"
}
`
}

// TestPullRequestPlansAreCommentedInPlace: a signed pull-request webhook
// yields exactly one comment per touched stack (none for an untouched
// one), edited in place after a second push, with commit statuses; an
// oversized plan's comment keeps under the limit; nothing is applied;
// unsigned or badly signed deliveries get 401 and start nothing.
func TestPullRequestPlansAreCommentedInPlace(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{
		"stacks/a/main.tf":   fileStack(map[string]string{"a": "a v1\n"}),
		"stacks/b/main.tf":   fileStack(map[string]string{"b": "b v1\n"}),
		"stacks/c/main.tf":   fileStack(map[string]string{"c": "c v1\n"}),
		"stacks/big/main.tf": "# placeholder\n",
	})
	base := r.commit("three stacks")
	r.push("main")

	var stacks strings.Builder
	for _, name := range []string{"a", "b", "c", "big"} {
		fmt.Fprintf(&stacks, "stack %q {\n  repo = %q\n  path = \"stacks/%s\"\n  vars = { out = %q }\n  auto_apply = true\n}\n", name, r.url(), name, out)
	}
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, forgeBlock(gh)+stacks.String())
	a := startAgent(t, cfg, addr, data)

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{
		"stacks/a/main.tf":   fileStack(map[string]string{"a": "a v2\n"}),
		"stacks/b/main.tf":   fileStack(map[string]string{"b": "b v2\n", "b2": "new\n"}),
		"stacks/big/main.tf": bigStack(),
	})
	head1 := r.commit("change a, b and big")
	r.push("refs/pull/7/head")

	for _, bad := range []string{"", "not-the-secret"} {
		if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "opened", 7, head1, base), bad); code != http.StatusUnauthorized {
			t.Errorf("delivery signed with %q: status %d, want 401", bad, code)
		}
	}
	if runs := a.runs(""); len(runs) != 0 {
		t.Fatalf("refused deliveries started %d runs", len(runs))
	}

	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "opened", 7, head1, base), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("signed delivery: status %d, want 202", code)
	}
	for _, s := range []string{"a", "b", "big"} {
		got := a.waitRun(s, "the pull-request plan of "+s, func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head1 })
		if got.PR != 7 || got.Trigger != "webhook" {
			t.Errorf("run of %s = %+v", s, got)
		}
	}
	comments := gh.prComments(7)
	if len(comments) != 3 {
		t.Fatalf("%d comments on the pull request, want one for each of a, b and big", len(comments))
	}
	byStack := commentsByStack(t, comments)
	if !strings.Contains(byStack["a"].Body, "a v2") || !strings.Contains(byStack["b"].Body, "b2") {
		t.Errorf("comments do not show the planned changes:\na: %s\nb: %s", byStack["a"].Body, byStack["b"].Body)
	}
	if _, ok := byStack["c"]; ok {
		t.Error("stack c was commented on, but the pull request does not touch it")
	}
	if runs := a.runs("c"); len(runs) != 0 {
		t.Errorf("stack c got %d runs", len(runs))
	}
	big := byStack["big"].Body
	if len(big) > 65536 || !strings.Contains(big, "Output truncated") || !strings.Contains(big, a.url+"/runs/") {
		t.Errorf("oversized plan comment: %d bytes, truncation note %v, run link %v", len(big), strings.Contains(big, "Output truncated"), strings.Contains(big, a.url+"/runs/"))
	}
	if st, ok := gh.lastStatus(head1, "trueup/a"); !ok || st.State != "success" {
		t.Errorf("status of the head commit for a = %+v (found %v)", st, ok)
	}

	r.write(map[string]string{"stacks/a/main.tf": fileStack(map[string]string{"a": "a v3\n"})})
	head2 := r.commit("a again")
	r.push("refs/pull/7/head")
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "synchronize", 7, head2, base), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("second delivery: status %d", code)
	}
	a.waitRun("a", "the second plan of a", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head2 })
	a.waitRun("b", "the second plan of b", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head2 })
	after := commentsByStack(t, gh.prComments(7))
	if len(gh.prComments(7)) != 3 {
		t.Fatalf("%d comments after the second push, want still 3", len(gh.prComments(7)))
	}
	if after["a"].ID != byStack["a"].ID || !strings.Contains(after["a"].Body, "a v3") || !strings.Contains(after["a"].Body, head2[:7]) {
		t.Errorf("a's comment was not edited in place with the new plan: id %d → %d\n%s", byStack["a"].ID, after["a"].ID, after["a"].Body)
	}

	entries, _ := os.ReadDir(out)
	if len(entries) != 0 {
		t.Errorf("a pull request applied something: %d files in the output directory", len(entries))
	}
	if _, err := os.Stat(filepath.Join(data, "state")); err == nil {
		matches, _ := filepath.Glob(filepath.Join(data, "state", "*", "terraform.tfstate"))
		if len(matches) > 0 {
			t.Errorf("a pull request wrote state: %v", matches)
		}
	}
	for _, c := range gh.prComments(7) {
		assertNoSecrets(t, "a comment", c.Body)
	}
}

func commentsByStack(t *testing.T, cs []ghComment) map[string]ghComment {
	t.Helper()
	out := map[string]ghComment{}
	for _, c := range cs {
		for _, s := range []string{"a", "b", "c", "big"} {
			if strings.Contains(c.Body, "<!-- trueup:stack="+s+" -->") {
				if _, dup := out[s]; dup {
					t.Errorf("two comments for stack %s", s)
				}
				out[s] = c
			}
		}
	}
	return out
}
