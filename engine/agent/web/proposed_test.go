package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestProposedStackIsMarkedWithItsPullRequest: a stack only a pull request
// has is listed by the dashboard with its pull request's number and link
// and no run buttons (while prod keeps them), and by /api/stacks with
// "proposed"; its page names the pull request.
func TestProposedStackIsMarkedWithItsPullRequest(t *testing.T) {
	_, src, _ := newServer(t)
	src.proposed = []Stack{{Name: "app-envs-new", Repo: "acme/infra", Forge: "github",
		Proposed: &Proposal{Forge: "github", Repo: "acme/infra", PR: 9, URL: "https://github.example.com/acme/infra/pull/9"}}}
	operator := func(*http.Request) *Viewer {
		return &Viewer{Name: "ann", Scope: "operate", CanOperate: true, CSRF: "c"}
	}
	srv := httptest.NewServer(NewHandler(src, nil, Options{Viewer: operator}))
	t.Cleanup(srv.Close)

	_, page := get(t, srv.URL+"/")
	row := page[strings.Index(page, `id="stack-app-envs-new"`):]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{`class="stack proposed"`, `data-pr="9"`, `proposed in <a class="pr-link" href="https://github.example.com/acme/infra/pull/9">acme/infra#9</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	if strings.Contains(row, "<form") {
		t.Errorf("the proposed stack's row has run buttons:\n%s", row)
	}
	if !strings.Contains(page, `action="/stacks/prod/plan"`) {
		t.Error("the configured stack lost its run buttons")
	}
	if strings.Count(page, "proposed-tag") != 1 {
		t.Error("not exactly one stack is tagged proposed")
	}

	_, body := get(t, srv.URL+"/api/stacks")
	var out struct {
		Stacks []struct {
			Name     string    `json:"name"`
			Proposed *Proposal `json:"proposed"`
		} `json:"stacks"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Stacks) != 2 || out.Stacks[0].Proposed != nil || out.Stacks[1].Proposed == nil || out.Stacks[1].Proposed.PR != 9 {
		t.Errorf("/api/stacks = %s", body)
	}

	if code, page := get(t, srv.URL+"/stacks/app-envs-new"); code != 200 || !strings.Contains(page, "proposed in") {
		t.Errorf("the proposed stack's page (%d) does not say it is proposed", code)
	}
}
