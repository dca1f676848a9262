package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

const (
	oidcClientID = "trueup-dashboard"
	oidcSecret   = "oidc-client-s3cr3t-never-logged"
)

// fakeIssuer is an OpenID Connect provider in the test process: discovery,
// JWKS, an authorization endpoint that signs in whoever the test says
// (no login form), and a token endpoint that checks the client secret and
// PKCE and returns ID tokens signed with a test RSA key.
type fakeIssuer struct {
	t   *testing.T
	srv *httptest.Server
	key *rsa.PrivateKey
	// forger signs instead of key when set: tokens the JWKS cannot verify.
	forger *rsa.PrivateKey

	mu    sync.Mutex
	user  map[string]any
	codes map[string]authRequest
}

type authRequest struct {
	nonce, challenge, redirect string
	claims                     map[string]any
}

func newFakeIssuer(t *testing.T) *fakeIssuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeIssuer{t: t, key: key, codes: map[string]authRequest{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		u := f.srv.URL
		json.NewEncoder(w).Encode(map[string]any{"issuer": u, "authorization_endpoint": u + "/authorize", "token_endpoint": u + "/token",
			"jwks_uri": u + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &f.key.PublicKey, KeyID: "test", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", f.authorize)
	mux.HandleFunc("POST /token", f.token)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// signIn sets who the next authorization signs in.
func (f *fakeIssuer) signIn(sub, email string, groups ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.user = map[string]any{"sub": sub, "email": email, "groups": groups}
}

func (f *fakeIssuer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != oidcClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" {
		http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	code := fmt.Sprintf("code-%d", time.Now().UnixNano())
	f.mu.Lock()
	f.codes[code] = authRequest{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), claims: f.user}
	f.mu.Unlock()
	http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
}

func (f *fakeIssuer) token(w http.ResponseWriter, r *http.Request) {
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
	case id != oidcClientID || secret != oidcSecret:
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	case !found || r.PostFormValue("redirect_uri") != req.redirect || base64.RawURLEncoding.EncodeToString(sum[:]) != req.challenge:
		http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
		return
	}
	claims := map[string]any{"iss": f.srv.URL, "aud": oidcClientID, "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(), "nonce": req.nonce}
	for k, v := range req.claims {
		claims[k] = v
	}
	key := f.key
	if f.forger != nil {
		key = f.forger
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "test"}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		f.t.Error(err)
		return
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		f.t.Error(err)
		return
	}
	idToken, _ := jws.CompactSerialize()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + req.nonce, "token_type": "Bearer", "expires_in": 3600, "id_token": idToken})
}

// browserClient is an HTTP client with a cookie jar, as a browser.
func browserClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func fetch(t *testing.T, c *http.Client, method, u string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestDashboardSignInWithOIDC: the login page offers single sign-on; a
// user signs in through the provider (authorization code, PKCE, nonce) and
// gets the scope their groups map to; a user whose groups map to none, an
// ID token the provider's keys do not verify, and a callback with a state
// the agent did not issue open no session; each attempt is audited.
func TestDashboardSignInWithOIDC(t *testing.T) {
	t.Parallel()
	iss := newFakeIssuer(t)
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
oidc {
  issuer            = %q
  client_id         = %q
  client_secret_env = "E2E_OIDC_SECRET"
  roles             = { "platform" = "admin", "devs" = "operate" }
  display_name      = "Test SSO"
}
`, iss.srv.URL, oidcClientID))
	a := startAgent(t, cfg, addr, data, "E2E_OIDC_SECRET="+oidcSecret)

	if _, page := fetch(t, browserClient(), "GET", a.url+"/login"); !strings.Contains(page, `id="sso"`) || !strings.Contains(page, "Test SSO") {
		t.Errorf("the login page offers no single sign-on:\n%s", page)
	}

	ann := browserClient()
	iss.signIn("u-ann", "ann@example.com", "devs", "unmapped")
	code, page := fetch(t, ann, "GET", a.url+"/auth/oidc/login?next=/")
	if code != 200 || !strings.Contains(page, `id="stacks"`) {
		t.Fatalf("ann's sign-in ended with %d:\n%s", code, page)
	}
	if code, _ := fetch(t, ann, "GET", a.url+"/api/stacks"); code != 200 {
		t.Errorf("ann (devs: operate) reads the API with her session: %d, want 200", code)
	}
	if code, _ := fetch(t, ann, "GET", a.url+"/api/audit"); code != 403 {
		t.Errorf("ann (devs: operate) reads the audit trail: %d, want 403", code)
	}

	bob := browserClient()
	iss.signIn("u-bob", "bob@example.com", "interns")
	if code, page := fetch(t, bob, "GET", a.url+"/auth/oidc/login"); code != 403 || !strings.Contains(page, "no role") {
		t.Errorf("bob (no mapped group) signing in: %d %s, want 403", code, page)
	}
	if code, _ := fetch(t, bob, "GET", a.url+"/api/stacks"); code != 401 {
		t.Errorf("bob has a session after a refused sign-in: %d", code)
	}

	forged, _ := rsa.GenerateKey(rand.Reader, 2048)
	iss.forger = forged
	mallory := browserClient()
	iss.signIn("u-mal", "mallory@example.com", "platform")
	if code, _ := fetch(t, mallory, "GET", a.url+"/auth/oidc/login"); code != 401 {
		t.Errorf("an ID token signed with another key: %d, want 401", code)
	}
	iss.forger = nil
	if code, _ := fetch(t, mallory, "GET", a.url+"/auth/oidc/callback?code=x&state=made-up"); code != 400 {
		t.Errorf("a callback the agent did not start: %d, want 400", code)
	}
	if code, _ := fetch(t, mallory, "GET", a.url+"/api/stacks"); code != 401 {
		t.Errorf("mallory has a session: %d", code)
	}

	es := a.audit()
	if !hasEvent(es, func(e auditEvent) bool {
		return e.Action == "login" && e.Target == "oidc" && e.Outcome == "ok" && e.Principal == "user:ann@example.com" && e.Detail == "scope operate"
	}) {
		t.Errorf("ann's sign-in is not audited: %+v", es)
	}
	if !hasEvent(es, func(e auditEvent) bool {
		return e.Action == "login" && e.Outcome == "denied" && strings.Contains(e.Detail, "bob@example.com has no role")
	}) {
		t.Errorf("bob's refused sign-in is not audited: %+v", es)
	}
	if strings.Contains(a.log.String(), oidcSecret) {
		t.Errorf("the agent log contains the OIDC client secret")
	}
}
