package auth

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// A sign-in in progress (OIDC or a forge's OAuth) keeps its state, PKCE
// verifier and nonce in a short-lived cookie, signed with the session key;
// kind ("oidc", "github", "gitlab") is part of what is signed, so that one
// flow's cookie is never accepted by another.

// setSignInState writes st as the signed cookie name, scoped to path.
func (g *Guard) setSignInState(w http.ResponseWriter, name, path, kind string, st oidcState) {
	raw, _ := json.Marshal(st)
	body := base64.RawURLEncoding.EncodeToString(raw)
	http.SetCookie(w, &http.Cookie{Name: name, Value: body + "." + g.Sessions.sign(kind+":"+body), Path: path,
		MaxAge: 600, HttpOnly: true, Secure: g.Sessions.secure, SameSite: http.SameSiteLaxMode})
}

// readSignInState returns the state the cookie name holds, if its
// signature for kind holds and it has not expired.
func (g *Guard) readSignInState(r *http.Request, name, kind string) (*oidcState, error) {
	c, err := r.Cookie(name)
	if err != nil {
		return nil, errors.New("no sign-in in progress")
	}
	body, sig, _ := strings.Cut(c.Value, ".")
	if !hmac.Equal([]byte(sig), []byte(g.Sessions.sign(kind+":"+body))) {
		return nil, errors.New("bad sign-in state")
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	var st oidcState
	if err != nil || json.Unmarshal(raw, &st) != nil || g.now().Unix() > st.Expires {
		return nil, errors.New("the sign-in expired")
	}
	return &st, nil
}
