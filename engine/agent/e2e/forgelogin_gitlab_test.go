package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const (
	glOAuthClientID = "trueup-gitlab-app"
	glOAuthSecret   = "gl-oauth-s3cr3t-never-logged"
)

// fakeGitLabOAuth is a GitLab stand-in for the OAuth web flow
// (oauthFlow, scope read_api) that answers GET /api/v4/user and GET
// /api/v4/projects/acme%2Finfra (with the user's access level).
type fakeGitLabOAuth struct {
	*oauthFlow
	srv    *httptest.Server
	levels map[string]int // user → access level on acme/infra; absent: 404
}

func newFakeGitLabOAuth(t *testing.T) *fakeGitLabOAuth {
	f := &fakeGitLabOAuth{oauthFlow: newOAuthFlow(glOAuthClientID, glOAuthSecret, "read_api", "glpat-"), levels: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/authorize", f.authorize)
	mux.HandleFunc("POST /oauth/token", f.token)
	mux.HandleFunc("GET /api/v4/user", func(w http.ResponseWriter, r *http.Request) {
		u, ok := f.who(r)
		if !ok {
			writeGHJSON(w, http.StatusUnauthorized, map[string]string{"message": "401 Unauthorized"})
			return
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"username": u, "id": 7})
	})
	mux.HandleFunc("GET /api/v4/projects/{id}", func(w http.ResponseWriter, r *http.Request) {
		u, ok := f.who(r)
		f.mu.Lock()
		level, has := f.levels[u]
		f.mu.Unlock()
		if !ok || !has || r.PathValue("id") != "acme/infra" {
			writeGHJSON(w, http.StatusNotFound, map[string]string{"message": "404 Project Not Found"})
			return
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"path_with_namespace": "acme/infra",
			"permissions": map[string]any{"project_access": map[string]int{"access_level": level}, "group_access": nil}})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// TestDashboardSignInWithGitLabOAuth: GitLab's OAuth web flow signs users
// in with the scope their project access level maps to (developer, 30:
// operate; reporter, 20: read); a user the project does not know gets no
// session; sign-ins are audited and the client secret never logged.
func TestDashboardSignInWithGitLabOAuth(t *testing.T) {
	gl := newFakeGitLabOAuth(t)
	gl.levels["gina"] = 30
	gl.levels["rob"] = 20
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
forge_login "gitlab" {
  client_id         = %q
  client_secret_env = "E2E_GL_OAUTH_SECRET"
  repo              = "acme/infra"
  web_url           = %q
}
`, glOAuthClientID, gl.srv.URL))
	a := startAgent(t, cfg, addr, data, "E2E_GL_OAUTH_SECRET="+glOAuthSecret)

	if _, page := fetch(t, browserClient(), "GET", a.url+"/login"); !strings.Contains(page, `id="login-gitlab"`) || !strings.Contains(page, "Sign in with GitLab") {
		t.Errorf("the login page offers no GitLab sign-in:\n%s", page)
	}
	gina := browserClient()
	gl.signIn("gina")
	if code, page := fetch(t, gina, "GET", a.url+"/auth/gitlab/login?next=/"); code != 200 || !strings.Contains(page, "gitlab:gina") {
		t.Fatalf("gina's sign-in ended with %d:\n%s", code, page)
	}
	if code, _ := fetch(t, gina, "GET", a.url+"/api/audit"); code != 403 {
		t.Errorf("gina (developer: operate) reads the audit trail: %d, want 403", code)
	}
	rob := browserClient()
	gl.signIn("rob")
	if code, _ := fetch(t, rob, "GET", a.url+"/auth/gitlab/login"); code != 200 {
		t.Fatalf("rob's sign-in: %d", code)
	}
	if code, _ := fetch(t, rob, "GET", a.url+"/api/stacks"); code != 200 {
		t.Errorf("rob (reporter: read) reads the API: %d", code)
	}
	carl := browserClient()
	gl.signIn("carl")
	if code, _ := fetch(t, carl, "GET", a.url+"/auth/gitlab/login"); code != 403 {
		t.Errorf("carl (not a project member) signing in: %d, want 403", code)
	}
	if code, _ := fetch(t, carl, "GET", a.url+"/api/stacks"); code != 401 {
		t.Errorf("carl has a session after a refused sign-in: %d", code)
	}
	es := a.audit()
	for _, want := range []struct{ principal, detail string }{
		{"user:gitlab:gina", "permission write on acme/infra: scope operate"},
		{"user:gitlab:rob", "permission read on acme/infra: scope read"},
	} {
		if !hasEvent(es, func(e auditEvent) bool {
			return e.Action == "login" && e.Target == "gitlab" && e.Outcome == "ok" && e.Principal == want.principal && e.Detail == want.detail
		}) {
			t.Errorf("no audited sign-in of %s (%s): %+v", want.principal, want.detail, es)
		}
	}
	if strings.Contains(a.log.String(), glOAuthSecret) {
		t.Error("the agent log contains the OAuth client secret")
	}
}
