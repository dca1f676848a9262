package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/agent/store"
)

// touchEvery bounds how often a token's last-used time is written.
const touchEvery = time.Minute

// Guard admits requests: Host check, Origin check for state-changing
// requests, authentication (bearer token or session cookie) and the
// route's scope. Refused requests change nothing; refused state-changing
// ones are recorded in the audit trail.
type Guard struct {
	Store    Store
	Hosts    *Hosts
	Sessions *Sessions
	// Disabled switches authentication off (auth = false): every request
	// is an anonymous admin. Host and Origin are still checked.
	Disabled    bool
	MetricsAuth bool
	Log         hclog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// loginLinks are the forge sign-ins on the login page.
	loginLinks []loginLink
}

// loginLink is a sign-in button of the login page.
type loginLink struct{ ID, Href, Label string }

// Wrap returns next behind the guard.
func (g *Guard) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" && !g.Hosts.HostAllowed(r.Host) {
			g.Log.Warn("request refused: Host not allowed", "host", r.Host, "path", r.URL.Path, "remote", r.RemoteAddr)
			writeError(w, http.StatusMisdirectedRequest, "this agent does not answer for host "+r.Host+" (see allowed_hosts)")
			return
		}
		unsafe := unsafeMethod(r.Method)
		if unsafe && !g.Hosts.OriginAllowed(r) {
			g.refuse(w, r, nil, http.StatusForbidden, "cross-origin request refused")
			return
		}
		need, open := Required(r, g.MetricsAuth)
		if open {
			next.ServeHTTP(w, r)
			return
		}
		p, csrf, err := g.authenticate(r)
		switch {
		case err != nil:
			g.refuse(w, r, nil, http.StatusUnauthorized, err.Error())
			return
		case p == nil && !unsafe && strings.Contains(r.Header.Get("Accept"), "text/html") && !strings.HasPrefix(r.URL.Path, "/api/"):
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		case p == nil:
			g.refuse(w, r, nil, http.StatusUnauthorized, "authentication required: send Authorization: Bearer TOKEN")
			return
		case !p.Scope.Allows(need):
			g.refuse(w, r, p, http.StatusForbidden, "the "+p.Scope.String()+" scope does not allow this; it needs "+need.String())
			return
		case unsafe && p.viaSession && !csrfOK(r, csrf):
			g.refuse(w, r, p, http.StatusForbidden, "missing or wrong CSRF token")
			return
		}
		ctx := context.WithValue(WithPrincipal(r.Context(), p), remoteKey{}, r.RemoteAddr)
		ctx = context.WithValue(ctx, csrfKey{}, csrf)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticate returns the request's principal: from its bearer token,
// else its session; nil without credentials; an error for a bad token.
func (g *Guard) authenticate(r *http.Request) (*Principal, string, error) {
	if g.Disabled {
		return &Principal{Kind: KindAnonymous, Scope: ScopeAdmin}, "", nil
	}
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return nil, "", errors.New("unsupported Authorization scheme: use Bearer")
		}
		p, t, err := Authenticate(g.Store, strings.TrimSpace(token), g.now())
		if err != nil {
			if !errors.Is(err, ErrBadToken) {
				g.Log.Error("checking a token", "error", err)
			}
			return nil, "", ErrBadToken
		}
		if g.now().Sub(t.LastUsed) > touchEvery {
			if err := g.Store.TouchToken(t.ID, g.now().UTC()); err != nil {
				g.Log.Warn("recording a token's use", "token", t.ID, "error", err)
			}
		}
		return p, "", nil
	}
	if g.Sessions != nil {
		if p, csrf := g.Sessions.Principal(r); p != nil {
			return p, csrf, nil
		}
	}
	return nil, "", nil
}

// refuse answers 401 or 403 and records a refused state-changing request.
func (g *Guard) refuse(w http.ResponseWriter, r *http.Request, p *Principal, code int, msg string) {
	g.Log.Warn("request refused", "status", code, "method", r.Method, "path", r.URL.Path, "principal", p.String(), "remote", r.RemoteAddr, "reason", msg)
	if unsafeMethod(r.Method) {
		g.Audit(r.RemoteAddr, p, "request", r.Method+" "+r.URL.Path, "denied", msg, 0)
	}
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="trueup"`)
	}
	writeError(w, code, msg)
}

// Audit records an action of p (nil: anonymous) in the audit trail.
func (g *Guard) Audit(remote string, p *Principal, action, target, outcome, detail string, run uint64) {
	e := &store.AuditEvent{Time: g.now().UTC(), Principal: p.String(), Action: action, Target: target, Outcome: outcome,
		Detail: detail, Run: run, Remote: remote}
	if err := g.Store.AppendAudit(e); err != nil {
		g.Log.Error("recording an audit event", "action", action, "error", err)
	}
}

func (g *Guard) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
