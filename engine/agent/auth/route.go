package auth

import (
	"net/http"
	"strings"
)

// Required is the scope a request needs, and open reports routes that need
// none: /healthz; /metrics unless metricsAuth; the webhooks, which their
// signatures authenticate; the login pages and static assets. Token
// management and the audit trail (its API and page) need admin, other reads read, and any
// other method operate, so that a route added later is closed by default.
func Required(r *http.Request, metricsAuth bool) (need Scope, open bool) {
	p := r.URL.Path
	switch {
	case p == "/healthz":
		return ScopeNone, true
	case p == "/metrics":
		return ScopeRead, !metricsAuth
	case strings.HasPrefix(p, "/hooks/"), strings.HasPrefix(p, "/static/"), strings.HasPrefix(p, "/auth/"),
		p == "/login", p == "/logout":
		return ScopeNone, true
	case p == "/api/tokens", strings.HasPrefix(p, "/api/tokens/"), p == "/api/audit", p == "/audit":
		return ScopeAdmin, false
	case !unsafeMethod(r.Method):
		return ScopeRead, false
	}
	return ScopeOperate, false
}

// unsafeMethod reports methods that may change something.
func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}
