package auth

import (
	"crypto/tls"
	"net/http"
	"testing"
)

func TestHostAllowed(t *testing.T) {
	h := NewHosts("https://trueup.example.com", []string{"trueup.internal:8080", "10.0.0.5"}, true)
	off := NewHosts("http://10.1.1.1:8080", nil, false)
	cases := []struct {
		name  string
		h     *Hosts
		host  string
		allow bool
	}{
		{"the public URL's host is allowed", h, "trueup.example.com", true},
		{"the public URL's host in another case is allowed", h, "TrueUp.Example.com", true},
		{"an allowed host:port is allowed", h, "trueup.internal:8080", true},
		{"an allowed host on another port is refused", h, "trueup.internal:9090", false},
		{"an allowed bare host is allowed on any port", h, "10.0.0.5:8443", true},
		{"loopback names are allowed when listening on loopback", h, "localhost:8080", true},
		{"loopback IPv6 is allowed when listening on loopback", h, "[::1]:8080", true},
		{"a rebound name is refused", h, "evil.example:8080", false},
		{"an empty Host is refused", h, "", false},
		{"loopback names are refused when not listening on loopback", off, "127.0.0.1:8080", false},
		{"the public host and port are allowed", off, "10.1.1.1:8080", true},
	}
	for _, c := range cases {
		if got := c.h.HostAllowed(c.host); got != c.allow {
			t.Errorf("%s: HostAllowed(%q) = %v", c.name, c.host, got)
		}
	}
}

func TestOriginAllowed(t *testing.T) {
	h := NewHosts("https://trueup.example.com:443", nil, true)
	cases := []struct {
		name            string
		host            string
		tls             bool
		origin, referer string
		allow           bool
	}{
		{"no Origin or Referer (curl, webhooks) passes", "127.0.0.1:8080", false, "", "", true},
		{"the request's own origin passes", "127.0.0.1:8080", false, "http://127.0.0.1:8080", "", true},
		{"the public origin passes, default port dropped", "trueup.example.com", true, "https://trueup.example.com", "", true},
		{"another site is refused", "127.0.0.1:8080", false, "http://evil.example", "", false},
		{"the same host on another port is refused", "127.0.0.1:8080", false, "http://127.0.0.1:9999", "", false},
		{"the other scheme is refused", "127.0.0.1:8080", true, "http://127.0.0.1:8080", "", false},
		{"an opaque origin is refused", "127.0.0.1:8080", false, "null", "", false},
		{"a Referer of another site is refused", "127.0.0.1:8080", false, "", "http://evil.example/x", false},
		{"a Referer of this site passes", "127.0.0.1:8080", false, "", "http://127.0.0.1:8080/runs/1", true},
	}
	for _, c := range cases {
		r, _ := http.NewRequest("POST", "/api/stacks/x/apply", nil)
		r.Host = c.host
		if c.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if c.origin != "" {
			r.Header.Set("Origin", c.origin)
		}
		if c.referer != "" {
			r.Header.Set("Referer", c.referer)
		}
		if got := h.OriginAllowed(r); got != c.allow {
			t.Errorf("%s: OriginAllowed = %v", c.name, got)
		}
	}
}

func TestRequired(t *testing.T) {
	cases := []struct {
		method, path string
		metricsAuth  bool
		need         Scope
		open         bool
	}{
		{"GET", "/healthz", false, ScopeNone, true},
		{"GET", "/metrics", false, ScopeRead, true},
		{"GET", "/metrics", true, ScopeRead, false},
		{"POST", "/hooks/github", false, ScopeNone, true},
		{"GET", "/api/runs", false, ScopeRead, false},
		{"GET", "/", false, ScopeRead, false},
		{"POST", "/api/stacks/x/apply", false, ScopeOperate, false},
		{"PUT", "/api/anything-new", false, ScopeOperate, false},
		{"GET", "/api/tokens", false, ScopeAdmin, false},
		{"DELETE", "/api/tokens/tru_1", false, ScopeAdmin, false},
		{"GET", "/api/audit", false, ScopeAdmin, false},
		{"GET", "/audit", false, ScopeAdmin, false},
		{"GET", "/runs/3/events", false, ScopeRead, false},
		{"GET", "/stacks/prod", false, ScopeRead, false},
	}
	for _, c := range cases {
		r, _ := http.NewRequest(c.method, c.path, nil)
		need, open := Required(r, c.metricsAuth)
		if open != c.open || (!open && need != c.need) {
			t.Errorf("%s %s (metrics_auth %v): need %s open %v, want %s %v", c.method, c.path, c.metricsAuth, need, open, c.need, c.open)
		}
	}
}
