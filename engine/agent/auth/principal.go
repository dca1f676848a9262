package auth

import (
	"context"
	"fmt"
)

// Kinds of principal.
const (
	KindToken     = "token"
	KindUser      = "user"
	KindLocal     = "local"
	KindAnonymous = "anonymous"
	// KindForge is a forge user acting through a comment command; Name is
	// "FORGE:LOGIN".
	KindForge = "forge"
)

// Principal is who makes a request.
type Principal struct {
	// Kind is KindToken, KindUser, KindLocal or KindAnonymous.
	Kind string
	// ID is the token ID, or the user's subject.
	ID string
	// Name is the token's name, or the user's e-mail or login.
	Name  string
	Scope Scope
	// viaSession is set when the request carried a session cookie, whose
	// state-changing requests need the session's CSRF token.
	viaSession bool
}

// String names the principal in the audit trail and run history:
// "token:ci (tru_ab12…)", "user:ann@example.com", "local:ann".
func (p *Principal) String() string {
	if p == nil {
		return KindAnonymous
	}
	switch p.Kind {
	case KindToken:
		if p.Name != "" {
			return fmt.Sprintf("token:%s (%s)", p.Name, p.ID)
		}
		return "token:" + p.ID
	case KindUser, KindLocal:
		return p.Kind + ":" + p.Name
	case KindForge:
		return p.Name
	}
	return p.Kind
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the request's principal, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

type remoteKey struct{}

// RemoteFromContext returns the client address of the request the guard
// admitted, for the audit trail.
func RemoteFromContext(ctx context.Context) string {
	r, _ := ctx.Value(remoteKey{}).(string)
	return r
}

type csrfKey struct{}

// CSRFFromContext returns the CSRF token of the request's session, for the
// dashboard's forms; "" for requests without a session.
func CSRFFromContext(ctx context.Context) string {
	c, _ := ctx.Value(csrfKey{}).(string)
	return c
}
