package e2e

import (
	"testing"
	"time"
)

// pushOf is a GitHub push delivery of commit after (following before) to
// main, listing the files changed.
func pushOf(url, before, after string, modified ...string) map[string]any {
	p := pushPayload(url, "main", before, after)
	p["commits"] = []any{map[string]any{"id": after, "added": []string{}, "modified": modified, "removed": []string{}}}
	return p
}

// TestPushRunsOnlyTheStacksItTouches: of two stacks in one repository, a
// push runs the stack whose directory, local module or when_modified
// pattern it changes, and not the other; a push changing neither runs
// nothing. The changes are read from git (before..after).
func TestPushRunsOnlyTheStacksItTouches(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	out := t.TempDir()
	dev := fileStack(map[string]string{"dev": "1"}) + "\nmodule \"net\" {\n  source = \"../../modules/net\"\n}\n"
	r, c0 := seedRepo(t, "two stacks", map[string]string{
		"envs/dev/main.tf":    dev,
		"envs/prod/main.tf":   fileStack(map[string]string{"prod": "1"}),
		"modules/net/main.tf": "output \"name\" {\n  value = \"net-1\"\n}\n",
	})
	prod := pushStack("prod", r, "envs/prod", out, "acme/infra")
	prod.more = "  autoplan {\n    when_modified = [\"*.tf\", \"../common/*.tfvars\"]\n  }\n"
	a := startAgentWith(t, forgeBlock(gh)+stacks(pushStack("dev", r, "envs/dev", out, "acme/infra"), prod))
	push := func(before, after string, files ...string) {
		t.Helper()
		if code := sendGitHubEvent(t, a.url, "push", pushOf(r.url(), before, after, files...), webhookSecret); code >= 300 {
			t.Fatalf("push of %s: %d", after[:8], code)
		}
	}
	applied := func(stack, commit string) {
		t.Helper()
		x := a.waitRun(stack, stack+" at "+commit[:8], func(x run) bool { return x.Commit == commit })
		if x.Outcome != "succeeded" && x.Outcome != "no-changes" {
			t.Fatalf("%s's run of %s = %s (%s)", stack, commit[:8], x.Outcome, x.Error)
		}
	}
	push("0000000000000000000000000000000000000000", c0, "envs/dev/main.tf", "envs/prod/main.tf", "modules/net/main.tf")
	applied("dev", c0)
	applied("prod", c0)

	r.write(map[string]string{"modules/net/main.tf": "output \"name\" {\n  value = \"net-2\"\n}\n"})
	c1 := r.commit("change the module dev calls")
	r.push("main")
	push(c0, c1, "modules/net/main.tf")
	applied("dev", c1)

	r.write(map[string]string{"envs/prod/README.md": "prod\n", "docs/guide.md": "guide\n"})
	c2 := r.commit("documentation only")
	r.push("main")
	push(c1, c2, "envs/prod/README.md", "docs/guide.md")

	r.write(map[string]string{"envs/common/prod.tfvars": "x = 1\n"})
	c3 := r.commit("a shared tfvars prod's autoplan names")
	r.push("main")
	// The forge's list is wrong on purpose: git decides.
	push(c2, c3, "docs/guide.md")
	applied("prod", c3)
	time.Sleep(time.Second) // the delivery of c3 was handled after c2's

	commits := func(stack string) map[string]bool {
		m := map[string]bool{}
		for _, x := range a.runs(stack) {
			m[x.Commit[:8]] = true
		}
		return m
	}
	if got := commits("dev"); len(got) != 2 || !got[c0[:8]] || !got[c1[:8]] {
		t.Errorf("dev ran at %v, want %s (both stacks) and %s (its module)", got, c0[:8], c1[:8])
	}
	if got := commits("prod"); len(got) != 2 || !got[c0[:8]] || !got[c3[:8]] {
		t.Errorf("prod ran at %v, want %s (both stacks) and %s (its when_modified pattern)", got, c0[:8], c3[:8])
	}
}
