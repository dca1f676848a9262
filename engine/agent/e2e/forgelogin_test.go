package e2e

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	ghOAuthClientID = "trueup-oauth-app"
	ghOAuthSecret   = "gh-oauth-s3cr3t-never-logged"
)

// fakeGitHubOAuth is a GitHub stand-in for the OAuth web flow: it
// authorizes whoever signIn names, exchanges codes (checking the client
// secret and PKCE) for tokens, and answers GET /user and GET
// /repos/OWNER/NAME (with the user's permissions) for those tokens.
type fakeGitHubOAuth struct {
	srv *httptest.Server

	mu     sync.Mutex
	user   string
	perms  map[string]map[string]bool // user → permissions on acme/infra; absent: 404
	codes  map[string][2]string       // code → user, PKCE challenge
	tokens map[string]string          // token → user
}

func newFakeGitHubOAuth(t *testing.T) *fakeGitHubOAuth {
	f := &fakeGitHubOAuth{perms: map[string]map[string]bool{}, codes: map[string][2]string{}, tokens: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login/oauth/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("client_id") != ghOAuthClientID || q.Get("code_challenge_method") != "S256" || q.Get("state") == "" {
			http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		code := fmt.Sprintf("code-%d", time.Now().UnixNano())
		f.mu.Lock()
		f.codes[code] = [2]string{f.user, q.Get("code_challenge")}
		f.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /login/oauth/access_token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
		}
		f.mu.Lock()
		req, found := f.codes[r.PostFormValue("code")]
		delete(f.codes, r.PostFormValue("code"))
		f.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
		switch {
		case id != ghOAuthClientID || secret != ghOAuthSecret:
			writeGHJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
			return
		case !found || base64.RawURLEncoding.EncodeToString(sum[:]) != req[1]:
			writeGHJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_verification_code"})
			return
		}
		tok := fmt.Sprintf("gho_%d", time.Now().UnixNano())
		f.mu.Lock()
		f.tokens[tok] = req[0]
		f.mu.Unlock()
		writeGHJSON(w, http.StatusOK, map[string]string{"access_token": tok, "token_type": "bearer", "scope": "read:user,repo"})
	})
	who := func(r *http.Request) (string, bool) {
		f.mu.Lock()
		defer f.mu.Unlock()
		u, ok := f.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		return u, ok
	}
	mux.HandleFunc("GET /api/v3/user", func(w http.ResponseWriter, r *http.Request) {
		u, ok := who(r)
		if !ok {
			writeGHJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials"})
			return
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"login": u, "id": 1})
	})
	mux.HandleFunc("GET /api/v3/repos/acme/infra", func(w http.ResponseWriter, r *http.Request) {
		u, ok := who(r)
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

func (f *fakeGitHubOAuth) signIn(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.user = user
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
