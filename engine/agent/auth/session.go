package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// SessionCookie is the dashboard's session cookie.
const SessionCookie = "trueup_session"

// CSRFHeader carries the session's CSRF token on scripted requests; forms
// send it as the field CSRFField.
const (
	CSRFHeader = "X-CSRF-Token"
	CSRFField  = "csrf"
)

// SessionTTL is how long a dashboard login lasts.
const SessionTTL = 8 * time.Hour

// Sessions issues and reads signed session cookies (HMAC-SHA256 with a key
// kept in the data directory): HttpOnly, SameSite=Lax, Secure when the
// agent is served over HTTPS. A session opened with an API token lasts only
// as long as the token is valid.
type Sessions struct {
	key    []byte
	secure bool
	store  Store
	now    func() time.Time
}

// NewSessions signs with key; secure marks cookies Secure (TLS).
func NewSessions(key []byte, secure bool, st Store) *Sessions {
	return &Sessions{key: key, secure: secure, store: st, now: time.Now}
}

type session struct {
	Kind    string `json:"k"`
	ID      string `json:"i"`
	Name    string `json:"n"`
	Scope   string `json:"s"`
	Expires int64  `json:"e"`
	CSRF    string `json:"c"`
}

// Issue sets a session cookie for p.
func (s *Sessions) Issue(w http.ResponseWriter, p *Principal) {
	exp := s.now().Add(SessionTTL)
	payload, _ := json.Marshal(session{Kind: p.Kind, ID: p.ID, Name: p.Name, Scope: p.Scope.String(), Expires: exp.Unix(), CSRF: randomString(18)})
	body := base64.RawURLEncoding.EncodeToString(payload)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: body + "." + s.sign(body), Path: "/", Expires: exp,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// Clear removes the session cookie.
func (s *Sessions) Clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// Principal returns the principal of the request's session and its CSRF
// token, or nil when there is no valid session.
func (s *Sessions) Principal(r *http.Request) (*Principal, string) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil, ""
	}
	body, sig, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.sign(body))) {
		return nil, ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	var ss session
	if err != nil || json.Unmarshal(raw, &ss) != nil || s.now().Unix() >= ss.Expires {
		return nil, ""
	}
	scope, err := ParseScope(ss.Scope)
	if err != nil {
		return nil, ""
	}
	if ss.Kind == KindToken {
		// The token may have been revoked since the login.
		t, err := s.store.Token(ss.ID)
		if err != nil || !Valid(t, s.now()) {
			return nil, ""
		}
		if ts, err := ParseScope(t.Scope); err == nil && ts < scope {
			scope = ts
		}
	}
	return &Principal{Kind: ss.Kind, ID: ss.ID, Name: ss.Name, Scope: scope, viaSession: true}, ss.CSRF
}

func (s *Sessions) sign(body string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfOK reports whether a state-changing request carries the session's
// CSRF token, in the X-CSRF-Token header or the csrf form field.
func csrfOK(r *http.Request, want string) bool {
	got := r.Header.Get(CSRFHeader)
	if got == "" {
		got = r.PostFormValue(CSRFField)
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
