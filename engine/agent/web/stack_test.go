package web

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

func TestStackPageShowsLastRunsLinksAndLock(t *testing.T) {
	srv, src, _ := newServer(t)
	add := func(r *store.Run) uint64 {
		t.Helper()
		if err := src.st.Create(r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	plan := add(&store.Run{Stack: "prod", Kind: store.KindPRPlan, Trigger: store.TriggerWebhook, Commit: "fedcba9876543210", PR: 42, Outcome: store.OutcomeSucceeded})
	drift := add(&store.Run{Stack: "prod", Kind: store.KindDrift, Trigger: store.TriggerSchedule, Commit: "0123456789abcdef", Outcome: store.OutcomeDrifted, Summary: store.Summary{Drifted: 2}})
	add(&store.Run{Stack: "other", Kind: store.KindApply, Trigger: store.TriggerWebhook, Outcome: store.OutcomeSucceeded})
	src.lock = &store.Lock{Stack: "prod", Forge: "github", Repo: "acme/infra", PR: 42, User: "alice", Since: time.Now()}

	code, body := get(t, srv.URL+"/stacks/prod")
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	for _, want := range []string{
		`id="stack" data-stack="prod"`,
		// The last apply is run 1, the last plan the PR plan, the last drift check the drift run.
		`id="last-apply"`, `href="/runs/1"`,
		`id="last-plan"`, `href="/runs/` + itoa(plan) + `"`, `class="pr-link" href="https://github.com/acme/infra/pull/42"`,
		`class="commit-link" href="https://github.com/acme/infra/commit/fedcba9876543210"`,
		`id="last-drift"`, `href="/runs/` + itoa(drift) + `"`, "2 drifted",
		`id="stack-lock" data-locked="true"`, "Locked by", "<strong>@alice</strong>",
		`<span class="drift drift-drifted">drifted</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("stack page lacks %q", want)
		}
	}
	if strings.Contains(body, `data-stack="other"`) {
		t.Error("the stack page lists another stack's run")
	}
	if code, _ := get(t, srv.URL+"/stacks/nope"); code != 404 {
		t.Errorf("unknown stack: %d, want 404", code)
	}
	_, dash := get(t, srv.URL+"/")
	if !strings.Contains(dash, `class="stack-link" href="/stacks/prod"`) || !strings.Contains(dash, "locked by acme/infra#42 (@alice)") {
		t.Error("the dashboard does not link the stack page or show its lock")
	}

	src.lock = nil
	_, body = get(t, srv.URL+"/stacks/prod")
	if !strings.Contains(body, `data-locked="false"`) || !strings.Contains(body, "Not locked") {
		t.Error("an unlocked stack's page does not say it is free")
	}
}

func TestRepoWebURL(t *testing.T) {
	tests := map[string]string{
		"https://github.com/acme/infra.git":       "https://github.com/acme/infra",
		"https://x:secret@gitlab.example/g/sub/r": "https://gitlab.example/g/sub/r",
		"git@github.com:acme/infra.git":           "https://github.com/acme/infra",
		"ssh://git@github.com:22/acme/infra.git":  "https://github.com/acme/infra",
		"http://127.0.0.1:8080/acme/infra.git/":   "http://127.0.0.1:8080/acme/infra",
		"file:///srv/git/infra":                   "",
		"/srv/git/infra":                          "",
		"https://github.com/":                     "",
	}
	for in, want := range tests {
		if got := repoWebURL(in); got != want {
			t.Errorf("repoWebURL(%q) = %q, want %q", in, got, want)
		}
	}
	gl := Stack{Repo: "https://gitlab.com/g/r.git", Forge: "gitlab"}
	if got := commitURL(gl, "abc"); got != "https://gitlab.com/g/r/-/commit/abc" {
		t.Errorf("GitLab commit link %q", got)
	}
	if got := prURL(gl, 7); got != "https://gitlab.com/g/r/-/merge_requests/7" {
		t.Errorf("GitLab merge request link %q", got)
	}
}

// brokenHistory is a source whose run history cannot be read.
type brokenHistory struct{ *historySource }

func (b brokenHistory) Runs(string, int) ([]*store.Run, error) {
	return nil, errors.New("history unavailable")
}

// TestStackPagesLoadRunsOneWay: the stack page, its graph and its drift
// timeline answer 404 for an unknown stack and 500 (not an empty page)
// when the history cannot be read.
func TestStackPagesLoadRunsOneWay(t *testing.T) {
	srv, src, _ := newServer(t)
	broken := httptest.NewServer(Handler(brokenHistory{src}, nil))
	t.Cleanup(broken.Close)
	for _, path := range []string{"/stacks/%s", "/stacks/%s/graph.svg", "/stacks/%s/drift.svg"} {
		if code, _ := get(t, srv.URL+fmt.Sprintf(path, "nope")); code != 404 {
			t.Errorf("%s of an unknown stack: %d, want 404", path, code)
		}
		if code, body := get(t, broken.URL+fmt.Sprintf(path, "prod")); code != 500 || strings.Contains(body, "history unavailable") {
			t.Errorf("%s with the history down: %d %q, want 500 without the error", path, code, body)
		}
	}
}
