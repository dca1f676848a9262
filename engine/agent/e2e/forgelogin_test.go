package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const (
	ghOAuthClientID = "trueup-oauth-app"
	ghOAuthSecret   = "gh-oauth-s3cr3t-never-logged"
)

// fakeGitHubOAuth is a GitHub stand-in for the OAuth web flow
// (oauthFlow) that answers GET /user and GET /repos/OWNER/NAME (with the
// user's permissions) for its tokens.
type fakeGitHubOAuth struct {
	*oauthFlow
	srv   *httptest.Server
	perms map[string]map[string]bool // user → permissions on acme/infra; absent: 404
}

func newFakeGitHubOAuth(t *testing.T) *fakeGitHubOAuth {
	f := &fakeGitHubOAuth{oauthFlow: newOAuthFlow(ghOAuthClientID, ghOAuthSecret, "", "gho_"), perms: map[string]map[string]bool{}}
	f.srv = f.serve(t, forgeAPI{authorize: "GET /login/oauth/authorize", token: "POST /login/oauth/access_token",
		user: "GET /api/v3/user", repo: "GET /api/v3/repos/acme/infra", unauthorized: "Bad credentials", notFound: "Not Found"},
		func(u string) any { return map[string]any{"login": u, "id": 1} },
		func(u string, _ *http.Request) (any, bool) {
			f.mu.Lock()
			defer f.mu.Unlock()
			perms, has := f.perms[u]
			return map[string]any{"full_name": "acme/infra", "permissions": perms}, has
		})
	return f
}

// oauthForge is a forge's OAuth stand-in as the sign-in tests drive it.
type oauthForge struct {
	*oauthFlow
	kind, title, url string // "github", "GitHub", the stand-in's URL
	secretEnv        string // the variable the agent reads the client secret from
	// signedIn and refused are what the page after a sign-in, and after a
	// refused one, must contain besides the user's name.
	signedIn, refused []string
}

// signInUsers is who signs in: operator maps to the operate scope, reader
// to read, and carl is unknown to the repository.
type signInUsers struct{ operator, reader string }

// testOAuthSignIn: the login page offers the forge; the operator and the
// reader sign in through its OAuth web flow and get their scopes; carl
// gets no session; the sign-ins are audited and the client secret never
// logged. It returns the agent and carl's client for further checks.
func testOAuthSignIn(t *testing.T, f oauthForge, u signInUsers) (*agent, *http.Client) {
	t.Helper()
	cfg := fmt.Sprintf("\nforge_login %q {\n  client_id         = %q\n  client_secret_env = %q\n  repo              = \"acme/infra\"\n  web_url           = %q\n}\n",
		f.kind, f.clientID, f.secretEnv, f.url)
	a := startAgentWith(t, cfg, f.secretEnv+"="+f.secret)

	if _, page := fetch(t, browserClient(), "GET", a.url+"/login"); !strings.Contains(page, `id="login-`+f.kind+`"`) || !strings.Contains(page, "Sign in with "+f.title) {
		t.Errorf("the login page offers no %s sign-in:\n%s", f.title, page)
	}
	op := browserClient()
	f.signIn(u.operator)
	if code, page := fetch(t, op, "GET", a.url+"/auth/"+f.kind+"/login?next=/"); code != 200 || !containsAll(page, append(f.signedIn, f.kind+":"+u.operator)) {
		t.Fatalf("%s's sign-in ended with %d:\n%s", u.operator, code, page)
	}
	if code, _ := fetch(t, op, "GET", a.url+"/api/audit"); code != 403 {
		t.Errorf("%s (operate) reads the audit trail: %d, want 403", u.operator, code)
	}
	rd := browserClient()
	f.signIn(u.reader)
	if code, _ := fetch(t, rd, "GET", a.url+"/auth/"+f.kind+"/login"); code != 200 {
		t.Fatalf("%s's sign-in: %d", u.reader, code)
	}
	if code, _ := fetch(t, rd, "GET", a.url+"/api/stacks"); code != 200 {
		t.Errorf("%s (read) reads the API: %d", u.reader, code)
	}
	carl := browserClient()
	f.signIn("carl")
	if code, page := fetch(t, carl, "GET", a.url+"/auth/"+f.kind+"/login"); code != 403 || !containsAll(page, f.refused) {
		t.Errorf("carl (no access to the repository) signing in: %d %s, want 403", code, page)
	}
	if code, _ := fetch(t, carl, "GET", a.url+"/api/stacks"); code != 401 {
		t.Errorf("carl has a session after a refused sign-in: %d", code)
	}

	es := a.audit()
	for _, want := range []struct{ principal, detail string }{
		{"user:" + f.kind + ":" + u.operator, "permission write on acme/infra: scope operate"},
		{"user:" + f.kind + ":" + u.reader, "permission read on acme/infra: scope read"},
	} {
		if !hasEvent(es, func(e auditEvent) bool {
			return e.Action == "login" && e.Target == f.kind && e.Outcome == "ok" && e.Principal == want.principal && e.Detail == want.detail
		}) {
			t.Errorf("no audited sign-in of %s (%s): %+v", want.principal, want.detail, es)
		}
	}
	if strings.Contains(a.log.String(), f.secret) {
		t.Error("the agent log contains the OAuth client secret")
	}
	return a, carl
}

// containsAll reports whether s contains every one of subs.
func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// TestDashboardSignInWithGitHubOAuth: the login page offers GitHub; a user
// signs in through GitHub's OAuth web flow (state, PKCE) and gets the
// scope their permission on the repository maps to (write: operate,
// read: read); a user without access to the repository, and a callback
// the agent did not start, get no session; each attempt is audited and
// the client secret is never logged.
func TestDashboardSignInWithGitHubOAuth(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHubOAuth(t)
	gh.perms["ann"] = map[string]bool{"admin": false, "maintain": false, "push": true, "triage": true, "pull": true}
	gh.perms["rita"] = map[string]bool{"pull": true}
	a, carl := testOAuthSignIn(t, oauthForge{oauthFlow: gh.oauthFlow, kind: "github", title: "GitHub", url: gh.srv.URL,
		secretEnv: "E2E_GH_OAUTH_SECRET", signedIn: []string{`id="stacks"`}, refused: []string{"no role"}},
		signInUsers{operator: "ann", reader: "rita"})

	if code, _ := fetch(t, carl, "GET", a.url+"/auth/github/callback?code=x&state=made-up"); code != 400 {
		t.Errorf("a callback the agent did not start: %d, want 400", code)
	}
	if !hasEvent(a.audit(), func(e auditEvent) bool {
		return e.Action == "login" && e.Target == "github" && e.Outcome == "denied" && strings.Contains(e.Detail, "carl")
	}) {
		t.Errorf("carl's refused sign-in is not audited: %+v", a.audit())
	}
}
