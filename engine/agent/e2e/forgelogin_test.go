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
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login/oauth/authorize", f.authorize)
	mux.HandleFunc("POST /login/oauth/access_token", f.token)
	mux.HandleFunc("GET /api/v3/user", func(w http.ResponseWriter, r *http.Request) {
		u, ok := f.who(r)
		if !ok {
			writeGHJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials"})
			return
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"login": u, "id": 1})
	})
	mux.HandleFunc("GET /api/v3/repos/acme/infra", func(w http.ResponseWriter, r *http.Request) {
		u, ok := f.who(r)
		f.mu.Lock()
		perms, has := f.perms[u]
		f.mu.Unlock()
		if !ok || !has {
			writeGHJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
			return
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"full_name": "acme/infra", "permissions": perms})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// TestDashboardSignInWithGitHubOAuth: the login page offers GitHub; a user
// signs in through GitHub's OAuth web flow (state, PKCE) and gets the
// scope their permission on the repository maps to (write: operate,
// read: read); a user without access to the repository, and a callback
// the agent did not start, get no session; each attempt is audited and
// the client secret is never logged.
func TestDashboardSignInWithGitHubOAuth(t *testing.T) {
	gh := newFakeGitHubOAuth(t)
	gh.perms["ann"] = map[string]bool{"admin": false, "maintain": false, "push": true, "triage": true, "pull": true}
	gh.perms["rita"] = map[string]bool{"pull": true}
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
forge_login "github" {
  client_id         = %q
  client_secret_env = "E2E_GH_OAUTH_SECRET"
  repo              = "acme/infra"
  web_url           = %q
}
`, ghOAuthClientID, gh.srv.URL))
	a := startAgent(t, cfg, addr, data, "E2E_GH_OAUTH_SECRET="+ghOAuthSecret)

	if _, page := fetch(t, browserClient(), "GET", a.url+"/login"); !strings.Contains(page, `id="login-github"`) || !strings.Contains(page, "Sign in with GitHub") {
		t.Errorf("the login page offers no GitHub sign-in:\n%s", page)
	}
	ann := browserClient()
	gh.signIn("ann")
	code, page := fetch(t, ann, "GET", a.url+"/auth/github/login?next=/")
	if code != 200 || !strings.Contains(page, `id="stacks"`) || !strings.Contains(page, "github:ann") {
		t.Fatalf("ann's sign-in ended with %d:\n%s", code, page)
	}
	if code, _ := fetch(t, ann, "GET", a.url+"/api/audit"); code != 403 {
		t.Errorf("ann (write: operate) reads the audit trail: %d, want 403", code)
	}

	rita := browserClient()
	gh.signIn("rita")
	if code, _ := fetch(t, rita, "GET", a.url+"/auth/github/login"); code != 200 {
		t.Fatalf("rita's sign-in: %d", code)
	}
	if code, _ := fetch(t, rita, "GET", a.url+"/api/stacks"); code != 200 {
		t.Errorf("rita (read) reads the API: %d", code)
	}

	carl := browserClient()
	gh.signIn("carl")
	if code, page := fetch(t, carl, "GET", a.url+"/auth/github/login"); code != 403 || !strings.Contains(page, "no role") {
		t.Errorf("carl (no access to the repository) signing in: %d %s, want 403", code, page)
	}
	if code, _ := fetch(t, carl, "GET", a.url+"/api/stacks"); code != 401 {
		t.Errorf("carl has a session after a refused sign-in: %d", code)
	}
	if code, _ := fetch(t, carl, "GET", a.url+"/auth/github/callback?code=x&state=made-up"); code != 400 {
		t.Errorf("a callback the agent did not start: %d, want 400", code)
	}

	es := a.audit()
	for _, want := range []struct{ principal, detail string }{
		{"user:github:ann", "permission write on acme/infra: scope operate"},
		{"user:github:rita", "permission read on acme/infra: scope read"},
	} {
		if !hasEvent(es, func(e auditEvent) bool {
			return e.Action == "login" && e.Target == "github" && e.Outcome == "ok" && e.Principal == want.principal && e.Detail == want.detail
		}) {
			t.Errorf("no audited sign-in of %s (%s): %+v", want.principal, want.detail, es)
		}
	}
	if !hasEvent(es, func(e auditEvent) bool {
		return e.Action == "login" && e.Target == "github" && e.Outcome == "denied" && strings.Contains(e.Detail, "carl")
	}) {
		t.Errorf("carl's refused sign-in is not audited: %+v", es)
	}
	if strings.Contains(a.log.String(), ghOAuthSecret) {
		t.Error("the agent log contains the OAuth client secret")
	}
}
