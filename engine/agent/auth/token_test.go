package auth

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

func TestTokenLifecycle(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tok, rec, err := CreateToken(st, NewToken{Scope: ScopeOperate, Name: "ci", TTL: time.Hour, Creator: "local:ann"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, TokenPrefix) || len(tok) != len(TokenPrefix)+idLen+1+43 || !strings.HasPrefix(tok, rec.ID+"_") {
		t.Fatalf("token %q (ID %s) is not tru_ID_SECRET", tok, rec.ID)
	}
	stored, _ := st.Token(rec.ID)
	if strings.Contains(string(stored.Hash), tok) || len(stored.Hash) != 32 {
		t.Fatalf("the store keeps %d bytes of hash, or the secret", len(stored.Hash))
	}
	p, _, err := Authenticate(st, tok, now.Add(time.Minute))
	if err != nil || p.Scope != ScopeOperate || p.String() != "token:ci ("+rec.ID+")" {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	other, _, _ := CreateToken(st, NewToken{Scope: ScopeRead}, now)
	bad := map[string]string{
		"expired":                         tok,
		"another token's secret, this ID": rec.ID + other[len(rec.ID):],
		"truncated":                       tok[:len(tok)-1],
		"no prefix":                       tok[len(TokenPrefix):],
	}
	for name, tk := range bad {
		at := now.Add(time.Minute)
		if name == "expired" {
			at = now.Add(time.Hour)
		}
		if _, _, err := Authenticate(st, tk, at); err != ErrBadToken {
			t.Errorf("%s: Authenticate = %v, want ErrBadToken", name, err)
		}
	}
	if err := st.RevokeToken(rec.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Authenticate(st, tok, now.Add(time.Minute)); err != ErrBadToken {
		t.Errorf("revoked: Authenticate = %v, want ErrBadToken", err)
	}
}
