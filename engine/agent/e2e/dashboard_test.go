package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/browsertest"
)

// TestDashboardInARealBrowser loads the dashboard in headless Chromium: it
// lists every stack with its commit and last run, and a click opens the
// run's page with its plan, which never shows a sensitive value.
func TestDashboardInARealBrowser(t *testing.T) {
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{
		"stacks/web/main.tf": fileStack(map[string]string{"index": "hello from web\n"}),
		"stacks/db/main.tf": `
resource "random_password" "db" {
  length = 24
}

resource "null_resource" "schema" {
  triggers = { password_hash = sha256(random_password.db.result) }
}
`,
	})
	commit := r.commit("two stacks")
	r.push("main")

	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
stack "web" {
  repo          = %q
  path          = "stacks/web"
  vars          = { out = %q }
  auto_apply    = true
  poll_interval = "1s"
}

stack "db" {
  repo          = %q
  path          = "stacks/db"
  auto_apply    = true
  poll_interval = "1s"
}
`, r.url(), out, r.url()))
	a := startAgent(t, cfg, addr, data)
	webRun := a.waitRun("web", "the web stack's apply", func(x run) bool { return x.Commit == commit })
	dbRun := a.waitRun("db", "the db stack's apply", func(x run) bool { return x.Commit == commit })
	for _, x := range []run{webRun, dbRun} {
		if x.Outcome != "succeeded" {
			t.Fatalf("run %+v did not succeed", x)
		}
	}

	b := browsertest.Start(t)
	// TRUEUP_SCREENSHOTS=DIR keeps the screenshots for a person to look at.
	shots := os.Getenv("TRUEUP_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	// The dashboard needs a login: the browser is sent to the sign-in
	// page, and an operate token opens a session that leads back.
	b.Open(a.url + "/")
	if !strings.Contains(b.URL(), "/login") {
		t.Fatalf("an anonymous browser was not sent to the login page: %s", b.URL())
	}
	b.Screenshot(filepath.Join(shots, "login.png"))
	b.Find("input#token").Type(apiTokenOf(t, a, "operate", "browser"))
	b.Find("button#sign-in").Click()
	waitFor(t, "the dashboard after signing in", 10*time.Second, func() bool {
		if errs := b.FindAll("#login-error"); len(errs) > 0 {
			t.Fatalf("signing in failed: %s", errs[0].Text())
		}
		return b.URL() == a.url+"/"
	})
	b.Screenshot(filepath.Join(shots, "dashboard.png"))

	rows := b.FindAll("table#stacks tr.stack")
	if len(rows) != 2 {
		t.Fatalf("the dashboard lists %d stacks, want 2", len(rows))
	}
	for _, name := range []string{"web", "db"} {
		row := b.Find(fmt.Sprintf(`table#stacks tr.stack[data-stack=%q]`, name))
		if text := row.Text(); !strings.Contains(text, commit[:7]) {
			t.Errorf("stack %s's row does not show commit %s: %q", name, commit[:7], text)
		}
	}
	runLink := b.Find(`table#stacks tr.stack[data-stack="web"] td.stack-last-run a.run-link`)
	href := runLink.Attr("href")
	if !strings.HasSuffix(href, fmt.Sprintf("/runs/%d", webRun.ID)) {
		t.Errorf("web's last run links to %q, want run %d", href, webRun.ID)
	}

	runLink.Click()
	section := b.Find("section#run")
	if got := section.Attr("data-run-id"); got != fmt.Sprint(webRun.ID) {
		t.Fatalf("the run page shows run %q, want %d", got, webRun.ID)
	}
	if plan := b.Find("pre#plan").Text(); !strings.Contains(plan, `local_file.index will be created`) {
		t.Errorf("the run page's plan does not show the change:\n%s", plan)
	}
	b.Screenshot(filepath.Join(shots, "run.png"))

	// The db stack's run page shows the password only as (sensitive value).
	b.Open(fmt.Sprintf("%s/runs/%d", a.url, dbRun.ID))
	plan := b.Find("pre#plan").Text()
	if !strings.Contains(plan, "random_password.db will be created") || !strings.Contains(plan, "(sensitive value)") {
		t.Errorf("the db run's plan does not show the redacted password:\n%s", plan)
	}
	if secret := appliedPassword(t, data); strings.Contains(b.Find("body").Text(), secret) {
		t.Fatal("the run page shows the password")
	}

	// The header names the signed-in token; its Plan button (a form post
	// with the session's CSRF token) queues a run that records who asked.
	b.Open(a.url + "/")
	if who := b.Find("#viewer").Text(); !strings.Contains(who, "token:browser") || !strings.Contains(who, "operate") {
		t.Errorf("the header shows %q, want the operate token named browser", who)
	}
	b.Find(`tr.stack[data-stack="web"] form.trigger-plan button`).Click()
	waitFor(t, "the manual plan's page", 10*time.Second, func() bool { return strings.Contains(b.URL(), "/runs/") })
	if by := b.Find("dd.run-requested-by").Text(); !strings.HasPrefix(by, "token:browser (") {
		t.Errorf("the manual run was requested by %q", by)
	}
	b.Screenshot(filepath.Join(shots, "manual-run.png"))
	b.Find("form#sign-out button").Click()
	waitFor(t, "the login page after signing out", 10*time.Second, func() bool { return strings.Contains(b.URL(), "/login") })
	b.Open(a.url + "/")
	if !strings.Contains(b.URL(), "/login") {
		t.Errorf("after signing out the dashboard is still open: %s", b.URL())
	}
}

// appliedPassword reads the db stack's password from its local state in the
// agent's data directory, to check that no page shows it.
func appliedPassword(t *testing.T, dataDir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "state", "db", "terraform.tfstate"))
	if err != nil {
		t.Fatalf("reading the db stack's state: %v", err)
	}
	s := string(b)
	i := strings.Index(s, `"result": "`)
	if i < 0 {
		t.Fatalf("no password in the db stack's state:\n%s", s)
	}
	rest := s[i+len(`"result": "`):]
	return rest[:strings.Index(rest, `"`)]
}

// apiTokenOf creates a token through the running agent's API with its
// admin token, as `trueup agent token create -url` does.
func apiTokenOf(t *testing.T, a *agent, scope, name string) string {
	t.Helper()
	resp := a.do("POST", "/api/tokens", strings.NewReader(fmt.Sprintf(`{"scope":%q,"name":%q}`, scope, name)))
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/tokens: %s, %v", resp.Status, err)
	}
	return out.Token
}
