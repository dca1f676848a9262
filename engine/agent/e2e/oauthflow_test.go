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

// oauthFlow is the OAuth authorization-code web flow a forge stand-in
// serves: it authorizes whoever signIn names, exchanges codes (checking
// the client secret and PKCE) for tokens, and tells whose a token is.
// The GitHub and GitLab stand-ins add their API routes around it.
type oauthFlow struct {
	clientID, secret string
	// scope, when set, must be the scope asked for; tokenPrefix starts
	// the tokens it issues.
	scope, tokenPrefix string

	mu     sync.Mutex
	user   string
	codes  map[string][2]string // code → user, PKCE challenge
	tokens map[string]string    // token → user
}

func newOAuthFlow(clientID, secret, scope, tokenPrefix string) *oauthFlow {
	return &oauthFlow{clientID: clientID, secret: secret, scope: scope, tokenPrefix: tokenPrefix,
		codes: map[string][2]string{}, tokens: map[string]string{}}
}

func (f *oauthFlow) signIn(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.user = user
}

// authorize serves the authorization endpoint: it redirects at once to
// redirect_uri with a code for the signed-in user.
func (f *oauthFlow) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != f.clientID || q.Get("code_challenge_method") != "S256" || q.Get("state") == "" ||
		(f.scope != "" && q.Get("scope") != f.scope) {
		http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	code := fmt.Sprintf("code-%d", time.Now().UnixNano())
	f.mu.Lock()
	f.codes[code] = [2]string{f.user, q.Get("code_challenge")}
	f.mu.Unlock()
	http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
}

// token serves the token endpoint: a code, once, for a token, when the
// client authenticates and the PKCE verifier matches.
func (f *oauthFlow) token(w http.ResponseWriter, r *http.Request) {
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
	case id != f.clientID || secret != f.secret:
		writeGHJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	case !found || base64.RawURLEncoding.EncodeToString(sum[:]) != req[1]:
		writeGHJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	tok := fmt.Sprintf("%s%d", f.tokenPrefix, time.Now().UnixNano())
	f.mu.Lock()
	f.tokens[tok] = req[0]
	f.mu.Unlock()
	writeGHJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "bearer"})
}

// who returns the user whose token authorizes r.
func (f *oauthFlow) who(r *http.Request) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	return u, ok
}

// forgeAPI is where a forge stand-in serves the flow and the two API
// routes a sign-in reads, and what it says when they refuse.
type forgeAPI struct {
	authorize, token, user, repo string // "GET /login/oauth/authorize", ...
	unauthorized, notFound       string // the messages of a 401 and a 404
}

// serve starts a forge stand-in for the flow: user answers the signed-in
// user's document (401 for an unknown token), repo the repository's as
// that user sees it (404 for an unknown token or when repo finds none).
func (f *oauthFlow) serve(t *testing.T, api forgeAPI, user func(u string) any, repo func(u string, r *http.Request) (any, bool)) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc(api.authorize, f.authorize)
	mux.HandleFunc(api.token, f.token)
	mux.HandleFunc(api.user, func(w http.ResponseWriter, r *http.Request) {
		u, ok := f.who(r)
		if !ok {
			writeGHJSON(w, http.StatusUnauthorized, map[string]string{"message": api.unauthorized})
			return
		}
		writeGHJSON(w, http.StatusOK, user(u))
	})
	mux.HandleFunc(api.repo, func(w http.ResponseWriter, r *http.Request) {
		u, ok := f.who(r)
		body, found := repo(u, r)
		if !ok || !found {
			writeGHJSON(w, http.StatusNotFound, map[string]string{"message": api.notFound})
			return
		}
		writeGHJSON(w, http.StatusOK, body)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
