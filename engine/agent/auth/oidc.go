package auth

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// oidcStateCookie carries the login's state, nonce, PKCE verifier and
// return path, signed, between the redirect to the provider and back.
const oidcStateCookie = "trueup_oidc"

// OIDCOptions configure the dashboard's OpenID Connect sign-in.
type OIDCOptions struct {
	Issuer, ClientID, ClientSecret string
	Scopes                         []string
	// RedirectURL is PUBLIC_URL/auth/oidc/callback.
	RedirectURL string
	// RolesClaim names the claim of groups or roles; Roles maps its values
	// to scopes; DefaultRole is the scope of users matching none (ScopeNone
	// refuses them).
	RolesClaim  string
	Roles       map[string]Scope
	DefaultRole Scope
}

// OIDC signs users in with the authorization-code flow (with PKCE, state
// and nonce) and opens a session with the scope their roles give.
type OIDC struct {
	opts OIDCOptions
	g    *Guard

	mu       sync.Mutex
	provider *oidc.Provider // discovered on first use, so the agent starts while the provider is down
}

// NewOIDC prepares the sign-in; the provider is discovered at the first
// login.
func NewOIDC(g *Guard, opts OIDCOptions) *OIDC { return &OIDC{opts: opts, g: g} }

// Register adds GET /auth/oidc/login and GET /auth/oidc/callback.
func (o *OIDC) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /auth/oidc/login", o.login)
	mux.HandleFunc("GET /auth/oidc/callback", o.callback)
}

func (o *OIDC) discover(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	p, err := oidc.NewProvider(ctx, o.opts.Issuer)
	if err != nil {
		return nil, err
	}
	o.provider = p
	return p, nil
}

func (o *OIDC) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: o.opts.ClientID, ClientSecret: o.opts.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: o.opts.RedirectURL, Scopes: o.opts.Scopes}
}

type oidcState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
	Expires  int64  `json:"e"`
}

func (o *OIDC) login(w http.ResponseWriter, r *http.Request) {
	p, err := o.discover(r.Context())
	if err != nil {
		o.g.Log.Error("OIDC discovery failed", "issuer", o.opts.Issuer, "error", err)
		writeError(w, http.StatusBadGateway, "the sign-in provider is unreachable; try again later")
		return
	}
	st := oidcState{State: randomString(18), Nonce: randomString(18), Verifier: oauth2.GenerateVerifier(),
		Next: localPath(r.URL.Query().Get("next")), Expires: o.g.now().Add(10 * time.Minute).Unix()}
	o.g.setSignInState(w, oidcStateCookie, "/auth/oidc/", "oidc", st)
	http.Redirect(w, r, o.oauth(p).AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)), http.StatusFound)
}

// readState returns the login's signed state cookie.
func (o *OIDC) readState(r *http.Request) (*oidcState, error) {
	return o.g.readSignInState(r, oidcStateCookie, "oidc")
}

func (o *OIDC) callback(w http.ResponseWriter, r *http.Request) {
	fail := func(code int, msg, detail string) {
		o.g.Audit(r.RemoteAddr, nil, "login", "oidc", "denied", detail, 0)
		o.g.Log.Warn("OIDC sign-in refused", "reason", detail, "remote", r.RemoteAddr)
		writeError(w, code, msg)
	}
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: "", Path: "/auth/oidc/", MaxAge: -1})
	st, err := o.readState(r)
	if err != nil || r.URL.Query().Get("state") != st.State {
		fail(http.StatusBadRequest, "the sign-in did not start here or expired: sign in again", "state mismatch")
		return
	}
	if e := r.URL.Query().Get("error"); e != "" {
		fail(http.StatusUnauthorized, "the provider refused the sign-in: "+e, "provider error "+e)
		return
	}
	p, err := o.discover(r.Context())
	if err != nil {
		fail(http.StatusBadGateway, "the sign-in provider is unreachable", err.Error())
		return
	}
	tok, err := o.oauth(p).Exchange(r.Context(), r.URL.Query().Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		fail(http.StatusUnauthorized, "the sign-in code was refused", "code exchange: "+err.Error())
		return
	}
	rawID, _ := tok.Extra("id_token").(string)
	idt, err := p.Verifier(&oidc.Config{ClientID: o.opts.ClientID}).Verify(r.Context(), rawID)
	if err != nil || idt.Nonce != st.Nonce {
		fail(http.StatusUnauthorized, "the identity token is invalid", fmt.Sprintf("ID token: %v (nonce ok %v)", err, err == nil && idt.Nonce == st.Nonce))
		return
	}
	user, err := o.principal(idt)
	if err != nil {
		fail(http.StatusForbidden, err.Error(), err.Error())
		return
	}
	o.g.Sessions.Issue(w, user)
	o.g.Audit(r.RemoteAddr, user, "login", "oidc", "ok", "scope "+user.Scope.String(), 0)
	http.Redirect(w, r, st.Next, http.StatusSeeOther)
}

// principal maps the ID token's claims to a user and their highest scope.
func (o *OIDC) principal(idt *oidc.IDToken) (*Principal, error) {
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, err
	}
	name, _ := claims["email"].(string)
	if name == "" {
		name, _ = claims["preferred_username"].(string)
	}
	if name == "" {
		name = idt.Subject
	}
	scope := o.opts.DefaultRole
	for _, v := range claimValues(claims[o.opts.RolesClaim]) {
		if s, ok := o.opts.Roles[v]; ok && s > scope {
			scope = s
		}
	}
	if scope == ScopeNone {
		return nil, fmt.Errorf("%s has no role in trueup: none of their %s is mapped", name, o.opts.RolesClaim)
	}
	return &Principal{Kind: KindUser, ID: idt.Subject, Name: name, Scope: scope}, nil
}

// claimValues reads a claim that is a string or a list of strings.
func claimValues(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
