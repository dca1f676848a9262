package e2e

import (
	"encoding/json"
	"fmt"
	"io"
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

# The graph's edge from the password to the schema goes through a local,
# which the JSON plan does not describe: it is drawn from the engine's graph.
locals {
  password_hash = sha256(random_password.db.result)
}

resource "null_resource" "schema" {
  triggers = { password_hash = local.password_hash }
}
`,
		// Applied by hand from the dashboard: slow enough to watch its log.
		"stacks/slow/main.tf": `
resource "null_resource" "first" {
  provisioner "local-exec" {
    command = "sleep 2"
  }
}

resource "null_resource" "second" {
  depends_on = [null_resource.first]
  provisioner "local-exec" {
    command = "sleep 2"
  }
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

stack "slow" {
  repo          = %q
  path          = "stacks/slow"
  poll_interval = "1h"
}
`, r.url(), out, r.url(), r.url()))
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
	signIn(t, b, a, "/", apiTokenOf(t, a, "operate", "browser"), filepath.Join(shots, "login.png"))
	b.Screenshot(filepath.Join(shots, "dashboard.png"))

	rows := b.FindAll("table#stacks tr.stack")
	if len(rows) != 3 {
		t.Fatalf("the dashboard lists %d stacks, want 3", len(rows))
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
	if by := liveText(b, "dd.run-requested-by"); !strings.HasPrefix(by, "token:browser (") {
		t.Errorf("the manual run was requested by %q", by)
	}
	b.Screenshot(filepath.Join(shots, "manual-run.png"))
	manualURL := b.URL()

	// Applying the slow stack from the dashboard opens its run page while it
	// runs: the log's lines arrive one by one as the resources are created.
	b.Open(a.url + "/")
	b.Find(`tr.stack[data-stack="slow"] form.trigger-apply button`).Click()
	waitFor(t, "the slow apply's page", 10*time.Second, func() bool { return strings.Contains(b.URL(), "/runs/") })
	waitFor(t, "the first resource to start", 20*time.Second, func() bool {
		return strings.Contains(liveText(b, "ol#log"), "null_resource.first: create started")
	})
	if b.Find("section#run").Attr("data-final") == "true" || len(b.FindAll("#log-live")) == 0 {
		t.Fatal("the slow apply's page is not following a running run")
	}
	if strings.Contains(liveText(b, "ol#log"), "null_resource.second: create complete") {
		t.Fatal("the slow apply finished before its page was watched")
	}
	// Read in one script call: the page swaps in the run's final details
	// when it ends, which would leave elements found earlier stale.
	waitFor(t, "the second resource's line to arrive", 30*time.Second, func() bool {
		var arrived bool
		b.Script(`return Array.from(document.querySelectorAll("ol#log li.log-entry.log-streamed")).some(
			li => li.textContent.includes("null_resource.second: create complete"))`, &arrived)
		return arrived
	})
	b.Script(`document.getElementById("log").scrollIntoView();`, nil)
	b.Screenshot(filepath.Join(shots, "live-log.png"))
	waitFor(t, "the slow apply to end on its page", 30*time.Second, func() bool { return b.Find("section#run").Attr("data-final") == "true" })
	if got := b.Find("#run-outcome .outcome").Text(); got != "succeeded" {
		t.Errorf("the slow apply's page ends with %q", got)
	}

	// The stack page draws the dependency graph of the last plan: the
	// schema refers to the password, and the apply created both.
	b.Open(a.url + "/stacks/db")
	edge := b.Find(`svg#graph path.edge[data-from="random_password.db"]`)
	if to := edge.Attr("data-to"); to != "null_resource.schema" {
		t.Errorf("the db graph's edge from the password goes to %q", to)
	}
	for _, addr := range []string{"random_password.db", "null_resource.schema"} {
		if act := b.Find(fmt.Sprintf(`svg#graph g.node[data-address=%q]`, addr)).Attr("data-action"); act != "create" {
			t.Errorf("%s is drawn as %q, want create", addr, act)
		}
	}
	b.Find(`svg#graph g.node[data-address="null_resource.schema"]`).Hover()
	waitFor(t, "the hovered resource's address", 10*time.Second, func() bool {
		return len(b.FindAll("#graph-address")) > 0 && b.Find("#graph-address").Text() == "null_resource.schema"
	})
	b.Screenshot(filepath.Join(shots, "stack-graph.png"))
	// An operate session sees no audit link, and the page refuses it.
	if len(b.FindAll("a#nav-audit")) != 0 {
		t.Error("an operate session is shown the audit link")
	}
	b.Open(a.url + "/audit")
	if body := b.Find("body").Text(); !strings.Contains(body, "admin") || len(b.FindAll("table#audit")) != 0 {
		t.Errorf("an operate session opened the audit trail: %q", body)
	}
	b.Open(manualURL)

	b.Find("form#sign-out button").Click()
	waitFor(t, "the login page after signing out", 10*time.Second, func() bool { return strings.Contains(b.URL(), "/login") })
	b.Open(a.url + "/")
	if !strings.Contains(b.URL(), "/login") {
		t.Errorf("after signing out the dashboard is still open: %s", b.URL())
	}
}

// TestDashboardStreamsAndAuditNeedScopes: the run log's event stream
// needs the read scope as the API does and replays a finished run's log to
// its end; the audit page needs admin and names who triggered a run.
func TestDashboardStreamsAndAuditNeedScopes(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"main.tf": fileStack(map[string]string{"index": "hello\n"})})
	commit := r.commit("one file")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
stack "web" {
  repo          = %q
  vars          = { out = %q }
  auto_apply    = true
  poll_interval = "1s"
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data)
	apply := a.waitRun("web", "the apply", func(x run) bool { return x.Commit == commit })
	read, operate := apiTokenOf(t, a, "read", "reader"), apiTokenOf(t, a, "operate", "ci")

	events := fmt.Sprintf("%s/runs/%d/events", a.url, apply.ID)
	call := func(method, url, token string) (int, string) {
		req, _ := http.NewRequest(method, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := call("GET", events, ""); code != http.StatusUnauthorized {
		t.Errorf("the event stream without credentials: %d, want 401", code)
	}
	if code, _ := call("GET", events, "tru_forged.token"); code != http.StatusUnauthorized {
		t.Errorf("the event stream with a forged token: %d, want 401", code)
	}
	code, stream := call("GET", events, read)
	if code != http.StatusOK || !strings.Contains(stream, "id: 1\nevent: log\n") || !strings.Contains(stream, "local_file.index: create complete") ||
		!strings.HasSuffix(strings.TrimSpace(stream), "}") || !strings.Contains(stream, "event: end\ndata: {") {
		t.Errorf("the finished run's stream with a read token (%d):\n%s", code, stream)
	}

	code, _ = call("POST", a.url+"/api/stacks/web/plan", operate)
	if code != http.StatusAccepted {
		t.Fatalf("manual plan: %d", code)
	}
	for _, token := range []string{read, operate} {
		if code, _ := call("GET", a.url+"/audit", token); code != http.StatusForbidden {
			t.Errorf("the audit page with a non-admin token: %d, want 403", code)
		}
	}
	code, page := call("GET", a.url+"/audit?action=trigger", a.token)
	if code != http.StatusOK || !strings.Contains(page, "<code>token:ci (") || !strings.Contains(page, "stack/web/plan") {
		t.Errorf("the audit page for an admin (%d) does not name the trigger:\n%s", code, page)
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

// signIn opens page of the agent in the browser, which must be sent to
// the sign-in page (screenshot to shot, "" for none), signs in with token
// and waits to be led back to page.
func signIn(t *testing.T, b *browsertest.Browser, a *agent, page, token, shot string) {
	t.Helper()
	b.Open(a.url + page)
	if !strings.Contains(b.URL(), "/login") {
		t.Fatalf("an anonymous browser was not sent to the login page: %s", b.URL())
	}
	if shot != "" {
		b.Screenshot(shot)
	}
	b.Find("input#token").Type(token)
	b.Find("button#sign-in").Click()
	waitFor(t, "the page after signing in", 10*time.Second, func() bool {
		if errs := b.FindAll("#login-error"); len(errs) > 0 {
			t.Fatalf("signing in failed: %s", errs[0].Text())
		}
		return b.URL() == a.url+page
	})
}

// liveText reads an element's text in one script call: a run page swaps in
// the run's final details when it ends, which leaves an element found
// earlier stale between finding it and reading it.
func liveText(b *browsertest.Browser, css string) string {
	var text string
	b.Script(`const e = document.querySelector(arguments[0]); return e ? e.textContent : "";`, &text, css)
	return text
}
