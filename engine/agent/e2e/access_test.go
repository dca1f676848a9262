package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// accessAgent starts an agent with one plan-only stack that nothing
// triggers by itself, so that every run in its history was asked for.
func accessAgent(t *testing.T) *agent {
	t.Helper()
	r := newRepo(t)
	r.write(map[string]string{"main.tf": fileStack(map[string]string{"x": "x\n"})})
	r.commit("a stack")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf("stack \"app\" {\n  repo = %q\n  vars = { out = %q }\n}\n", r.url(), t.TempDir()))
	return startAgent(t, cfg, addr, data)
}

// call sends a request with an optional bearer token and headers, and
// returns the status, the WWW-Authenticate header and the body.
func (a *agent) call(method, path, token string, headers map[string]string, body string) (int, string, string) {
	a.t.Helper()
	req, err := http.NewRequest(method, a.url+path, strings.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := a.client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate"), string(b)
}

// apiToken creates a token through the API with the admin token.
func (a *agent) apiToken(scope, name, expires string) (token, id string) {
	a.t.Helper()
	code, _, body := a.call("POST", "/api/tokens", a.token, nil, fmt.Sprintf(`{"scope":%q,"name":%q,"expires":%q}`, scope, name, expires))
	var out struct {
		Token string
		Info  struct{ ID string }
	}
	if code != http.StatusCreated || json.Unmarshal([]byte(body), &out) != nil || !strings.HasPrefix(out.Token, "tru_") {
		a.t.Fatalf("POST /api/tokens %s: %d %s", scope, code, body)
	}
	return out.Token, out.Info.ID
}

type auditEvent struct {
	Principal, Action, Target, Outcome, Detail string
	Run                                        uint64
}

func (a *agent) audit() []auditEvent {
	var out struct{ Events []auditEvent }
	a.getJSON("/api/audit?limit=1000", &out)
	return out.Events
}

func hasEvent(es []auditEvent, pred func(e auditEvent) bool) bool {
	for _, e := range es {
		if pred(e) {
			return true
		}
	}
	return false
}

// TestAPIRefusesWhoMayNot: without a token, with a forged, expired or
// revoked one, with too small a scope, from another site or for another
// host, the API refuses (401, 403, 421) and nothing runs; the refused
// attempts and the runs allowed are in the audit trail with who asked.
func TestAPIRefusesWhoMayNot(t *testing.T) {
	t.Parallel()
	a := accessAgent(t)
	readTok, _ := a.apiToken("read", "dashboard-viewer", "")
	opTok, opID := a.apiToken("operate", "ops", "")
	shortTok, _ := a.apiToken("operate", "short", "1s")
	forged := "tru_" + strings.Repeat("0", 16) + "_" + strings.Repeat("A", 43)
	wrongSecret := opTok[:len(opTok)-4] + "AAAA"
	if wrongSecret == opTok {
		wrongSecret = opTok[:len(opTok)-4] + "BBBB"
	}
	time.Sleep(1100 * time.Millisecond) // the 1s token expires

	refused := []struct {
		name, method, path, token string
		headers                   map[string]string
		want                      int
	}{
		{"apply without credentials is 401", "POST", "/api/stacks/app/apply", "", nil, 401},
		{"apply from another site without credentials is refused", "POST", "/api/stacks/app/apply", "", map[string]string{"Origin": "http://evil.example"}, 403},
		{"apply from another site with an operate token is 403", "POST", "/api/stacks/app/apply", opTok, map[string]string{"Origin": "http://evil.example"}, 403},
		{"apply with a Referer of another site is 403", "POST", "/api/stacks/app/apply", opTok, map[string]string{"Referer": "http://evil.example/page"}, 403},
		{"apply through a rebound host name is 421", "POST", "/api/stacks/app/apply", opTok, map[string]string{"Host": "evil.example"}, 421},
		{"reading runs through a rebound host name is 421", "GET", "/api/runs", readTok, map[string]string{"Host": "evil.example:80"}, 421},
		{"reading runs without credentials is 401", "GET", "/api/runs", "", nil, 401},
		{"a forged token is 401", "POST", "/api/stacks/app/plan", forged, nil, 401},
		{"a token with a wrong secret is 401", "POST", "/api/stacks/app/plan", wrongSecret, nil, 401},
		{"a malformed token is 401", "GET", "/api/runs", "not-a-token", nil, 401},
		{"an expired token is 401", "POST", "/api/stacks/app/plan", shortTok, nil, 401},
		{"a read token cannot plan", "POST", "/api/stacks/app/plan", readTok, nil, 403},
		{"a read token cannot apply", "POST", "/api/stacks/app/apply", readTok, nil, 403},
		{"an operate token cannot create tokens", "POST", "/api/tokens", opTok, nil, 403},
		{"an operate token cannot read the audit trail", "GET", "/api/audit", opTok, nil, 403},
		{"a read token cannot revoke tokens", "DELETE", "/api/tokens/" + opID, readTok, nil, 403},
	}
	for _, c := range refused {
		code, challenge, body := a.call(c.method, c.path, c.token, c.headers, `{"scope":"admin"}`)
		if code != c.want {
			t.Errorf("%s: got %d %s", c.name, code, body)
		}
		if code == 401 && !strings.HasPrefix(challenge, "Bearer") {
			t.Errorf("%s: 401 without a Bearer WWW-Authenticate challenge", c.name)
		}
	}
	if runs := a.runs("app"); len(runs) != 0 {
		t.Fatalf("refused requests started runs: %+v", runs)
	}

	// Open routes stay open; the read token reads.
	for _, p := range []string{"/healthz", "/metrics"} {
		if code, _, _ := a.call("GET", p, "", nil, ""); code != 200 {
			t.Errorf("GET %s without credentials: %d, want 200", p, code)
		}
	}
	if code, _, body := a.call("GET", "/api/stacks", readTok, nil, ""); code != 200 || !strings.Contains(body, `"app"`) {
		t.Errorf("GET /api/stacks with a read token: %d %s", code, body)
	}

	// The operate token plans; the run names it.
	code, _, body := a.call("POST", "/api/stacks/app/plan", opTok, map[string]string{"Origin": a.url}, "")
	if code != http.StatusAccepted {
		t.Fatalf("POST plan with an operate token from the agent's own origin: %d %s", code, body)
	}
	var queued struct{ Run uint64 }
	json.Unmarshal([]byte(body), &queued)
	a.waitRun("app", "the operator's plan", func(x run) bool { return x.ID == queued.Run })
	var detail struct {
		Run struct {
			RequestedBy string `json:"requested_by"`
		}
	}
	a.getJSON(fmt.Sprintf("/api/runs/%d", queued.Run), &detail)
	if want := "token:ops (" + opID + ")"; detail.Run.RequestedBy != want {
		t.Errorf("the run was requested by %q, want %q", detail.Run.RequestedBy, want)
	}

	// Revoked, the operate token is refused.
	if code, _, body := a.call("DELETE", "/api/tokens/"+opID, a.token, nil, ""); code != 200 || !strings.Contains(body, `"revoked"`) {
		t.Fatalf("revoking: %d %s", code, body)
	}
	if code, _, _ := a.call("POST", "/api/stacks/app/apply", opTok, nil, ""); code != 401 {
		t.Errorf("a revoked token applies: %d, want 401", code)
	}
	if runs := a.runs("app"); len(runs) != 1 {
		t.Errorf("runs = %+v, want only the operator's plan", runs)
	}

	es := a.audit()
	checks := map[string]func(e auditEvent) bool{
		"the plan, by the operate token": func(e auditEvent) bool {
			return e.Action == "trigger" && e.Target == "stack/app/plan" && e.Principal == "token:ops ("+opID+")" && e.Outcome == "ok" && e.Run == queued.Run
		},
		"the revocation, by the admin token": func(e auditEvent) bool {
			return e.Action == "token.revoke" && e.Target == opID && strings.HasPrefix(e.Principal, "token:e2e (")
		},
		"the token creation": func(e auditEvent) bool { return e.Action == "token.create" && strings.Contains(e.Detail, "scope read") },
		"the read token's refused apply": func(e auditEvent) bool {
			return e.Outcome == "denied" && e.Target == "POST /api/stacks/app/apply" && strings.HasPrefix(e.Principal, "token:dashboard-viewer")
		},
		"the anonymous refused apply": func(e auditEvent) bool {
			return e.Outcome == "denied" && e.Principal == "anonymous" && e.Target == "POST /api/stacks/app/apply"
		},
		"the cross-site apply": func(e auditEvent) bool {
			return e.Outcome == "denied" && strings.Contains(e.Detail, "cross-origin")
		},
	}
	for what, pred := range checks {
		if !hasEvent(es, pred) {
			t.Errorf("the audit trail lacks %s: %+v", what, es)
		}
	}
	// Secrets never reach the audit trail, the token list or the log.
	listed := tokenCLI(t, a, "list")
	for _, secret := range []string{readTok, opTok, shortTok, a.token} {
		raw, _ := json.Marshal(es)
		if strings.Contains(string(raw), secret) || strings.Contains(listed, secret) || strings.Contains(a.log.String(), secret) {
			t.Errorf("a token secret leaked into the audit trail, the token list or the log")
		}
	}
	for _, want := range []string{"dashboard-viewer", "read", "revoked", "expired", "local:"} {
		if !strings.Contains(listed, want) {
			t.Errorf("trueup agent token list does not show %q:\n%s", want, listed)
		}
	}
}

// tokenCLI runs `trueup agent token ARGS -url=...` against the running
// agent with its admin token.
func tokenCLI(t *testing.T, a *agent, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"agent", "token"}, append(args[:1:1], append([]string{"-url=" + a.url}, args[1:]...)...)...)...)
	cmd.Env = append(os.Environ(), "TRUEUP_AGENT_TOKEN="+a.token)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("trueup agent token %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestDashboardSessionNeedsCSRF: a session opened on the login page with
// a token reads the dashboard; its cookie is HttpOnly and SameSite=Lax; a
// state-changing request with the cookie but without the session's CSRF
// token is refused, and a wrong token does not open a session.
func TestDashboardSessionNeedsCSRF(t *testing.T) {
	t.Parallel()
	a := accessAgent(t)
	opTok, _ := a.apiToken("operate", "browser", "")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}

	page := func(resp *http.Response) string {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return string(b)
	}
	req, _ := http.NewRequest("GET", a.url+"/", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	login := page(resp)
	if resp.Request.URL.Path != "/login" || !strings.Contains(login, `name="token"`) {
		t.Fatalf("an anonymous dashboard visit ended at %s:\n%s", resp.Request.URL, login)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(login)
	if csrf == nil {
		t.Fatalf("no CSRF field in the login form:\n%s", login)
	}
	// A wrong token, then a form without its CSRF field, open no session.
	for _, form := range []url.Values{{"csrf": {csrf[1]}, "token": {"tru_wrong"}}, {"token": {opTok}}} {
		resp, err = c.PostForm(a.url+"/login", form)
		if err != nil {
			t.Fatal(err)
		}
		page(resp)
		if resp.StatusCode < 400 {
			t.Errorf("login with %v: %d, want a refusal", form, resp.StatusCode)
		}
	}
	resp, err = c.PostForm(a.url+"/login", url.Values{"csrf": {csrf[1]}, "token": {opTok}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	if body := page(resp); resp.StatusCode != 200 || !strings.Contains(body, `id="stacks"`) {
		t.Fatalf("after login: %d at %s\n%s", resp.StatusCode, resp.Request.URL, body)
	}
	setCookie := resp.Request.Response.Header.Get("Set-Cookie")
	if !strings.Contains(setCookie, "HttpOnly") || !strings.Contains(setCookie, "SameSite=Lax") {
		t.Errorf("session cookie %q lacks HttpOnly or SameSite=Lax", setCookie)
	}

	// The cookie alone cannot trigger: no CSRF token.
	resp, err = c.Post(a.url+"/api/stacks/app/apply", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	if body := page(resp); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "CSRF") {
		t.Errorf("a cookie-only POST: %d %s, want 403 for the missing CSRF token", resp.StatusCode, body)
	}
	if runs := a.runs("app"); len(runs) != 0 {
		t.Errorf("a CSRF-less post started runs: %+v", runs)
	}
	if !hasEvent(a.audit(), func(e auditEvent) bool {
		return e.Action == "request" && e.Target == "POST /api/stacks/app/apply" && e.Outcome == "denied" &&
			strings.Contains(e.Detail, "CSRF")
	}) {
		t.Errorf("the CSRF-less post is not in the audit trail: %+v", a.audit())
	}
	if !hasEvent(a.audit(), func(e auditEvent) bool { return e.Action == "login" && e.Outcome == "ok" && e.Principal != "anonymous" }) {
		t.Errorf("the login is not in the audit trail")
	}
}
