package storetest

import (
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

func testTokens(t *testing.T, backing Backing) {
	s := backing(t)(t)
	defer s.Close()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	b := &store.Token{ID: "b", Name: "ci", Scope: "operate", Hash: []byte{1, 2, 3}, Creator: "local:root", Created: at}
	must(t, s.CreateToken(b))
	must(t, s.CreateToken(&store.Token{ID: "a", Scope: "read", Hash: []byte{4}, Created: at}))
	if err := s.CreateToken(&store.Token{ID: "a", Scope: "admin"}); err == nil {
		t.Error("a second token with ID a was stored")
	}
	got, err := s.Token("b")
	if err != nil || got.Name != "ci" || got.Scope != "operate" || string(got.Hash) != "\x01\x02\x03" || !got.Created.Equal(at) || !got.Revoked.IsZero() {
		t.Fatalf("Token(b) = %+v, %v", got, err)
	}
	must(t, s.TouchToken("b", at.Add(time.Hour)))
	must(t, s.RevokeToken("b", at.Add(2*time.Hour)))
	must(t, s.RevokeToken("b", at.Add(3*time.Hour)))
	got, _ = s.Token("b")
	if !got.LastUsed.Equal(at.Add(time.Hour)) || !got.Revoked.Equal(at.Add(2*time.Hour)) {
		t.Errorf("after touch and two revokes: used %s, revoked %s; want the first revocation", got.LastUsed, got.Revoked)
	}
	all, err := s.Tokens()
	if err != nil || len(all) != 2 || all[0].ID != "a" || all[1].ID != "b" {
		t.Errorf("Tokens = %+v, %v; want a, b", all, err)
	}
	if _, err := s.Token("zz"); err != store.ErrTokenNotFound {
		t.Errorf("Token(zz) = %v", err)
	}
	if err := s.RevokeToken("zz", at); err != store.ErrTokenNotFound {
		t.Errorf("RevokeToken(zz) = %v", err)
	}
}

func testAudit(t *testing.T, backing Backing) {
	s := backing(t)(t)
	defer s.Close()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for i, action := range []string{"login", "trigger", "token.create"} {
		e := &store.AuditEvent{Time: at.Add(time.Duration(i) * time.Minute), Principal: "user:ann@example.com", Action: action,
			Target: "stack/prod/apply", Outcome: "ok", Remote: "127.0.0.1", Run: uint64(i)}
		must(t, s.AppendAudit(e))
		if e.ID != uint64(i+1) {
			t.Errorf("event %d got ID %d", i, e.ID)
		}
	}
	got, err := s.Audit(2)
	if err != nil || len(got) != 2 || got[0].Action != "token.create" || got[1].Action != "trigger" || got[1].Run != 1 ||
		!got[1].Time.Equal(at.Add(time.Minute)) || got[1].Remote != "127.0.0.1" {
		t.Errorf("Audit(2) = %+v, %v; want the two newest", got, err)
	}
}
