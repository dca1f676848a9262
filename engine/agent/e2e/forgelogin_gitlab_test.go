package e2e

import (
	"net/http"
	"net/http/httptest"
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
	f.srv = f.serve(t, forgeAPI{authorize: "GET /oauth/authorize", token: "POST /oauth/token",
		user: "GET /api/v4/user", repo: "GET /api/v4/projects/{id}", unauthorized: "401 Unauthorized", notFound: "404 Project Not Found"},
		func(u string) any { return map[string]any{"username": u, "id": 7} },
		func(u string, r *http.Request) (any, bool) {
			f.mu.Lock()
			defer f.mu.Unlock()
			level, has := f.levels[u]
			return map[string]any{"path_with_namespace": "acme/infra",
				"permissions": map[string]any{"project_access": map[string]int{"access_level": level}, "group_access": nil}}, has && r.PathValue("id") == "acme/infra"
		})
	return f
}

// TestDashboardSignInWithGitLabOAuth: GitLab's OAuth web flow signs users
// in with the scope their project access level maps to (developer, 30:
// operate; reporter, 20: read); a user the project does not know gets no
// session; sign-ins are audited and the client secret never logged.
func TestDashboardSignInWithGitLabOAuth(t *testing.T) {
	t.Parallel()
	gl := newFakeGitLabOAuth(t)
	gl.levels["gina"] = 30
	gl.levels["rob"] = 20
	testOAuthSignIn(t, oauthForge{oauthFlow: gl.oauthFlow, kind: "gitlab", title: "GitLab", url: gl.srv.URL, secretEnv: "E2E_GL_OAUTH_SECRET"},
		signInUsers{operator: "gina", reader: "rob"})
}
