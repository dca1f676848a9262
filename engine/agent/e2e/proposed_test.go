package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/browsertest"
)

// apiStack is a stack as /api/stacks lists it.
type apiStack struct {
	Name     string `json:"name"`
	Proposed *struct {
		PR  int    `json:"pr"`
		URL string `json:"url"`
	} `json:"proposed"`
	LastRun *run `json:"last_run"`
}

// apiStack returns the stack named name from /api/stacks, and whether it
// is listed.
func (a *agent) apiStack(name string) (apiStack, bool) {
	var out struct {
		Stacks []apiStack `json:"stacks"`
	}
	a.getJSON("/api/stacks", &out)
	for _, s := range out.Stacks {
		if s.Name == name {
			return s, true
		}
	}
	return apiStack{}, false
}

// TestPullRequestStacksAreProposedOnTheDashboard: a stack that exists
// only in an open pull request (a directory it adds under `envs/*`) is
// listed by /api/stacks and the dashboard (headless Chromium) as proposed,
// with the pull request's number, link and plan, and has a page; it goes
// when the pull request is closed, its runs staying in the history; a
// merged pull request's stack is listed as a configured stack.
func TestPullRequestStacksAreProposedOnTheDashboard(t *testing.T) {
	gh := newFakeGitHub(t)
	out := t.TempDir()
	r, base := seedRepo(t, "one env", envStacks("dev"))
	app := pushStack("app", r, "envs/*", out, "acme/infra")
	app.pollInterval = "1s"
	a := startAgentWith(t, forgeBlock(gh)+stacks(app))
	a.waitRun("app-envs-dev", "dev applied", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })

	propose := func(n int, env string) string {
		t.Helper()
		head := openPR(t, gh, r, n, base, "add envs/"+env, envStacks(env))
		a.prEvent(r, "opened", n, head, base)
		stack := "app-envs-" + env
		a.waitRun(stack, "the plan of "+stack, func(x run) bool { return x.Kind == "pr-plan" && x.PR == n && x.Outcome == "succeeded" })
		s, ok := a.apiStack(stack)
		if !ok || s.Proposed == nil || s.Proposed.PR != n || s.LastRun == nil || s.LastRun.Kind != "pr-plan" {
			t.Fatalf("%s in /api/stacks (listed %v) = %+v, want it proposed by #%d with its plan", stack, ok, s, n)
		}
		if want := fmt.Sprintf("https://github.example.com/acme/infra/pull/%d", n); s.Proposed.URL != want {
			t.Errorf("%s is proposed by %q, want %q", stack, s.Proposed.URL, want)
		}
		return head
	}
	head := propose(9, "new")
	propose(10, "gone")
	if s, _ := a.apiStack("app-envs-dev"); s.Proposed != nil {
		t.Errorf("the configured stack is listed as proposed: %+v", s)
	}
	if code, page := a.get("/stacks/app-envs-new"); code != 200 || !strings.Contains(page, "acme/infra#9") {
		t.Errorf("the proposed stack's page (%d) does not name its pull request", code)
	}

	b := browsertest.Start(t)
	signIn(t, b, a, "/", apiTokenOf(t, a, "operate", "browser"), "")
	row := b.Find(`table#stacks tr.stack.proposed[data-stack="app-envs-new"]`)
	if text := row.Text(); !strings.Contains(text, "proposed in acme/infra#9") {
		t.Errorf("the dashboard's row of the proposed stack: %q", text)
	}
	if link := b.Find(`table#stacks tr[data-stack="app-envs-new"] .proposed-tag a.pr-link`).Attr("href"); link != "https://github.example.com/acme/infra/pull/9" {
		t.Errorf("the proposed stack links to %q", link)
	}
	if n := len(b.FindAll(`table#stacks tr[data-stack="app-envs-new"] form.trigger`)); n != 0 {
		t.Errorf("the proposed stack has %d run buttons; it cannot be run outside its pull request", n)
	}
	if rows := b.FindAll("table#stacks tr.stack.proposed"); len(rows) != 2 {
		t.Errorf("the dashboard shows %d proposed stacks, want 2", len(rows))
	}

	// Closed: the stack goes, its runs stay.
	a.prEvent(r, "closed", 10, "", base)
	waitFor(t, "app-envs-gone to go", 30*time.Second, func() bool { return !slices.Contains(a.stackNames(), "app-envs-gone") })
	if len(a.runs("app-envs-gone")) == 0 {
		t.Error("the closed pull request's stack lost its runs")
	}
	b.Open(a.url + "/")
	if n := len(b.FindAll(`table#stacks tr[data-stack="app-envs-gone"]`)); n != 0 {
		t.Error("the dashboard still lists the closed pull request's stack")
	}

	// Merged: a configured stack, applied from the branch.
	r.git(r.work, "checkout", "-q", "main")
	r.git(r.work, "merge", "-q", "--no-ff", "-m", "merge #9", "pr-9")
	merged := r.head()
	r.push("main")
	ev := prPayload(r.url(), "closed", 9, head, base)
	ev["pull_request"].(map[string]any)["merged"] = true
	if code := sendGitHubEvent(t, a.url, "pull_request", ev, webhookSecret); code != 202 {
		t.Fatalf("merged pull request: status %d", code)
	}
	a.waitRun("app-envs-new", "the apply after merge", func(x run) bool { return x.Kind == "apply" && x.Commit == merged && x.Outcome == "succeeded" })
	if s, ok := a.apiStack("app-envs-new"); !ok || s.Proposed != nil {
		t.Errorf("after merge app-envs-new (listed %v) = %+v, want a configured stack", ok, s)
	}
	b.Open(a.url + "/")
	if n := len(b.FindAll(`table#stacks tr.stack.proposed`)); n != 0 {
		t.Errorf("%d stacks still proposed after the merge and the close", n)
	}
	b.Find(`table#stacks tr.stack[data-stack="app-envs-new"]`)
}
