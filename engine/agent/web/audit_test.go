package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// recordAudit records a small audit trail: a token created, a run
// triggered, a denied apply and a login.
func recordAudit(t *testing.T, st *store.Store) {
	t.Helper()
	at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	for i, e := range []*store.AuditEvent{
		{Principal: "local:root", Action: "token.create", Target: "tru_ci", Outcome: "ok", Detail: "scope operate"},
		{Principal: "token:ci (tru_ci)", Action: "trigger", Target: "stack/prod/plan", Outcome: "ok", Run: 1, Remote: "127.0.0.1:5555"},
		{Principal: "token:viewer (tru_v)", Action: "trigger", Target: "stack/prod/apply", Outcome: "denied", Detail: "needs operate <b>scope</b>"},
		{Principal: "user:alice@example.com", Action: "login", Outcome: "ok"},
	} {
		e.Time = at.Add(time.Duration(i) * time.Minute)
		if err := st.AppendAudit(e); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditPageListsAndFiltersTheTrail(t *testing.T) {
	srv, src, _ := newServer(t)
	recordAudit(t, src.st)
	tests := []struct {
		query string
		ids   []string
	}{
		{"", []string{"audit-4", "audit-3", "audit-2", "audit-1"}},
		{"?action=trigger", []string{"audit-3", "audit-2"}},
		{"?outcome=denied", []string{"audit-3"}},
		{"?principal=ALICE", []string{"audit-4"}},
		{"?target=stack/prod&outcome=ok", []string{"audit-2"}},
		{"?action=nothing", nil},
	}
	for _, tt := range tests {
		code, body := get(t, srv.URL+"/audit"+tt.query)
		if code != 200 {
			t.Fatalf("%s: %d", tt.query, code)
		}
		var ids []string
		for _, part := range strings.Split(body, `<tr class="audit-event`)[1:] {
			_, rest, _ := strings.Cut(part, `id="`)
			id, _, _ := strings.Cut(rest, `"`)
			ids = append(ids, id)
		}
		if strings.Join(ids, ",") != strings.Join(tt.ids, ",") {
			t.Errorf("/audit%s lists %v, want %v", tt.query, ids, tt.ids)
		}
		if tt.ids == nil && !strings.Contains(body, "No events match the filter.") {
			t.Errorf("/audit%s does not say nothing matched", tt.query)
		}
	}
	_, body := get(t, srv.URL+"/audit")
	for _, want := range []string{
		`<a class="run-link" href="/runs/1">stack/prod/plan · run #1</a>`,
		`needs operate &lt;b&gt;scope&lt;/b&gt;`,
		`<code>token:viewer (tru_v)</code>`,
		`<span class="audit-badge audit-badge-denied">denied</span>`,
		"4 of the last 4 events.",
		"2026-12-05 09:03:00 UTC",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %s", want)
		}
	}
}

func TestAuditPageNeedsAdmin(t *testing.T) {
	_, src, _ := newServer(t)
	recordAudit(t, src.st)
	scope := "read"
	srv := httptest.NewServer(NewHandler(src, nil, Options{Viewer: func(*http.Request) *Viewer { return &Viewer{Name: "x", Scope: scope} }}))
	defer srv.Close()
	code, body := get(t, srv.URL+"/audit")
	if code != http.StatusForbidden || strings.Contains(body, "alice") {
		t.Errorf("a read viewer got %d", code)
	}
	if _, dash := get(t, srv.URL+"/"); strings.Contains(dash, `id="nav-audit"`) {
		t.Error("a read viewer is shown the audit link")
	}
	scope = "admin"
	if code, _ := get(t, srv.URL+"/audit"); code != 200 {
		t.Errorf("an admin got %d", code)
	}
	if _, dash := get(t, srv.URL+"/"); !strings.Contains(dash, `id="nav-audit"`) {
		t.Error("an admin is not shown the audit link")
	}
}
