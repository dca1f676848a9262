package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// TokenPrefix starts every API token, so that people, log scrubbers and
// secret scanners recognise one: "tru_" + 16 hex digits of ID + "_" + 43
// characters of secret.
const TokenPrefix = "tru_"

const idLen = 16

// Store is what access control asks of the agent's store.
type Store interface {
	CreateToken(t *store.Token) error
	// Token returns the token or store.ErrTokenNotFound.
	Token(id string) (*store.Token, error)
	Tokens() ([]*store.Token, error)
	RevokeToken(id string, at time.Time) error
	TouchToken(id string, at time.Time) error
	AppendAudit(e *store.AuditEvent) error
	Audit(limit int) ([]*store.AuditEvent, error)
}

// ErrBadToken is a token that is malformed, unknown, wrong, expired or
// revoked; which of them is not told to the client.
var ErrBadToken = errors.New("invalid, expired or revoked token")

// NewToken is a request to create a token.
type NewToken struct {
	Scope Scope
	Name  string
	// TTL is how long the token is valid; 0 never expires.
	TTL     time.Duration
	Creator string
}

// CreateToken makes a random token, stores its hash and returns the secret
// token (to show once) and the stored record.
func CreateToken(st Store, req NewToken, now time.Time) (string, *store.Token, error) {
	if req.Scope < ScopeRead || req.Scope > ScopeAdmin {
		return "", nil, errors.New("a token needs a scope: read, operate or admin")
	}
	if req.TTL < 0 {
		return "", nil, errors.New("a token's expiry must be a positive duration")
	}
	id := make([]byte, idLen/2)
	secret := make([]byte, 32)
	rand.Read(id)
	rand.Read(secret)
	token := TokenPrefix + hex.EncodeToString(id) + "_" + base64.RawURLEncoding.EncodeToString(secret)
	sum := sha256.Sum256([]byte(token))
	t := &store.Token{ID: TokenPrefix + hex.EncodeToString(id), Name: req.Name, Scope: req.Scope.String(), Hash: sum[:],
		Creator: req.Creator, Created: now.UTC()}
	if req.TTL > 0 {
		t.Expires = now.Add(req.TTL).UTC()
	}
	if err := st.CreateToken(t); err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// tokenID returns the ID part of a secret token ("tru_" and 16 hex digits).
func tokenID(token string) (string, bool) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) < len(TokenPrefix)+idLen+2 || token[len(TokenPrefix)+idLen] != '_' {
		return "", false
	}
	return token[:len(TokenPrefix)+idLen], true
}

// Authenticate checks a secret token against the store and returns its
// principal, or ErrBadToken.
func Authenticate(st Store, token string, now time.Time) (*Principal, *store.Token, error) {
	id, ok := tokenID(token)
	if !ok {
		return nil, nil, ErrBadToken
	}
	t, err := st.Token(id)
	if errors.Is(err, store.ErrTokenNotFound) {
		return nil, nil, ErrBadToken
	}
	if err != nil {
		return nil, nil, err
	}
	sum := sha256.Sum256([]byte(token))
	if subtle.ConstantTimeCompare(sum[:], t.Hash) != 1 || !Valid(t, now) {
		return nil, nil, ErrBadToken
	}
	scope, err := ParseScope(t.Scope)
	if err != nil {
		return nil, nil, ErrBadToken
	}
	return &Principal{Kind: KindToken, ID: t.ID, Name: t.Name, Scope: scope}, t, nil
}

// Valid reports whether the token is neither revoked nor expired at now.
func Valid(t *store.Token, now time.Time) bool {
	return t.Revoked.IsZero() && (t.Expires.IsZero() || now.Before(t.Expires))
}
