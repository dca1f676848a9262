package auth

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/agent/store"
)

// newGuardServer serves a handler that answers 200 behind a guard on
// 127.0.0.1, with a read token.
func newGuardServer(t *testing.T, metricsAuth bool) (*httptest.Server, *Guard, string) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g := &Guard{Store: st, Hosts: NewHosts("", nil, true), Sessions: NewSessions(make([]byte, 32), false, st),
		MetricsAuth: metricsAuth, Log: hclog.NewNullLogger()}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(FromContext(r.Context()).String())) })
	srv := httptest.NewServer(g.Wrap(ok))
	t.Cleanup(srv.Close)
	tok, _, err := CreateToken(st, NewToken{Scope: ScopeRead, Name: "r"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return srv, g, tok
}

func status(t *testing.T, method, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestMetricsAuth(t *testing.T) {
	open, _, _ := newGuardServer(t, false)
	if c := status(t, "GET", open.URL+"/metrics", ""); c != 200 {
		t.Errorf("/metrics without metrics_auth: %d, want 200", c)
	}
	closed, _, tok := newGuardServer(t, true)
	if c := status(t, "GET", closed.URL+"/metrics", ""); c != 401 {
		t.Errorf("/metrics with metrics_auth, no token: %d, want 401", c)
	}
	if c := status(t, "GET", closed.URL+"/metrics", tok); c != 200 {
		t.Errorf("/metrics with metrics_auth and a read token: %d, want 200", c)
	}
	if c := status(t, "GET", closed.URL+"/healthz", ""); c != 200 {
		t.Errorf("/healthz: %d, want 200", c)
	}
	if c := status(t, "POST", closed.URL+"/hooks/github", ""); c != 200 {
		t.Errorf("webhooks are left to their signatures: %d, want 200", c)
	}
}

func TestSessionCSRFHeader(t *testing.T) {
	srv, g, tok := newGuardServer(t, false)
	p, _, err := Authenticate(g.Store, tok, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.Scope = ScopeAdmin // the session cannot exceed its token's scope
	rec := httptest.NewRecorder()
	g.Sessions.Issue(rec, p)
	cookie := rec.Result().Cookies()[0]
	req, _ := http.NewRequest("GET", srv.URL+"/api/runs", nil)
	req.AddCookie(cookie)
	got, csrf := g.Sessions.Principal(req)
	if got == nil || got.Scope != ScopeRead || csrf == "" {
		t.Fatalf("session principal %+v, csrf %q: want the token's read scope", got, csrf)
	}
	post := func(csrfHeader string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/api/stacks/x/plan", nil)
		req.AddCookie(cookie)
		if csrfHeader != "" {
			req.Header.Set(CSRFHeader, csrfHeader)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// read scope: 403 whatever the CSRF token; the scope is checked first.
	if c := post(csrf); c != 403 {
		t.Errorf("a read session posting: %d, want 403", c)
	}
	// A tampered cookie is no session.
	bad := *cookie
	bad.Value = cookie.Value[:len(cookie.Value)-2] + "xx"
	req, _ = http.NewRequest("GET", srv.URL+"/api/runs", nil)
	req.AddCookie(&bad)
	if p, _ := g.Sessions.Principal(req); p != nil {
		t.Errorf("a tampered cookie opened a session: %+v", p)
	}
}

func TestOperateSessionNeedsItsCSRFToken(t *testing.T) {
	srv, g, _ := newGuardServer(t, false)
	tok, _, _ := CreateToken(g.Store, NewToken{Scope: ScopeOperate, Name: "o"}, time.Now())
	p, _, _ := Authenticate(g.Store, tok, time.Now())
	rec := httptest.NewRecorder()
	g.Sessions.Issue(rec, p)
	cookie := rec.Result().Cookies()[0]
	r0, _ := http.NewRequest("GET", "/", nil)
	r0.AddCookie(cookie)
	_, csrf := g.Sessions.Principal(r0)
	for _, c := range []struct {
		name, header string
		want         int
	}{
		{"no CSRF token is refused", "", 403},
		{"a wrong CSRF token is refused", csrf + "x", 403},
		{"the session's CSRF token passes", csrf, 200},
	} {
		req, _ := http.NewRequest("POST", srv.URL+"/api/stacks/x/plan", nil)
		req.AddCookie(cookie)
		if c.header != "" {
			req.Header.Set(CSRFHeader, c.header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", c.name, resp.StatusCode, c.want)
		}
	}
}
