package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// historySource serves a real run history.
type historySource struct {
	st        *store.Store
	triggered []string
	lock      *store.Lock
	// proposed are listed after prod.
	proposed []Stack
}

func (h *historySource) Stacks() ([]Stack, error) {
	runs, _ := h.st.List(store.Filter{Stack: "prod", Limit: 1})
	s := Stack{Name: "prod", Repo: "https://github.com/acme/infra", Branch: "main", DriftSchedule: "@hourly", OnDrift: "notify", Forge: "github", Lock: h.lock,
		Status: store.StackStatus{LastSeenCommit: "0123456789abcdef", Drifted: true, DriftChecked: time.Now()}}
	if len(runs) > 0 {
		s.LastRun = runs[0]
	}
	return append([]Stack{s}, h.proposed...), nil
}

func (h *historySource) Runs(stack string, limit int) ([]*store.Run, error) {
	return h.st.List(store.Filter{Stack: stack, Limit: limit})
}

func (h *historySource) Detail(id uint64) (*RunDetail, error) {
	r, err := h.st.Get(id)
	if err != nil {
		return nil, err
	}
	p, _ := h.st.Plan(id)
	l, _ := h.st.Log(id)
	return &RunDetail{Run: r, Plan: p, Log: l}, nil
}

func (h *historySource) Watch(id uint64) (<-chan struct{}, func()) { return h.st.Subscribe(id) }

func (h *historySource) Audit(limit int) ([]*store.AuditEvent, error) { return h.st.Audit(limit) }

func (h *historySource) Trigger(_ context.Context, stack, kind string) (uint64, error) {
	if stack != "prod" {
		return 0, errors.New("no such stack")
	}
	h.triggered = append(h.triggered, kind)
	return 9, nil
}

func newServer(t *testing.T) (*httptest.Server, *historySource, uint64) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &store.Run{Stack: "prod", Kind: store.KindApply, Trigger: store.TriggerWebhook, Commit: "0123456789abcdef", Message: "add <script>", Outcome: store.OutcomeSucceeded}
	if err := st.Create(r); err != nil {
		t.Fatal(err)
	}
	st.SetPlan(r.ID, store.Plan{Text: "  + resource \"local_file\" \"x\" <b>not bold</b>\nPlan: 1 to add", JSON: []byte(`{"format_version":"1.2"}`)})
	st.AppendLog(r.ID, store.LogEntry{Level: "info", Message: "local_file.x: create complete"})
	src := &historySource{st: st}
	srv := httptest.NewServer(Handler(src, nil))
	t.Cleanup(srv.Close)
	return srv, src, r.ID
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPagesShowStacksRunsAndPlans(t *testing.T) {
	srv, _, _ := newServer(t)
	tests := []struct {
		name, path string
		code       int
		want       []string
		not        []string
	}{
		{"dashboard lists the stack with its last run and drift", "/", 200,
			[]string{`id="stack-prod"`, `data-stack="prod"`, `class="run-link" href="/runs/1"`, "drift-drifted", "01234567", `table id="runs"`},
			[]string{"<script>"}},
		{"run page shows the plan escaped and the log", "/runs/1", 200,
			[]string{`id="plan"`, "&lt;b&gt;not bold&lt;/b&gt;", `data-outcome="succeeded"`, "local_file.x: create complete", `id="plan-json"`},
			[]string{"<b>not bold</b>"}},
		{"unknown run is 404", "/runs/999", 404, nil, nil},
		{"non-numeric run is 404", "/runs/abc", 404, nil, nil},
		{"stylesheet is served", "/static/style.css", 200, []string{".outcome-failed"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := get(t, srv.URL+tt.path)
			if code != tt.code {
				t.Fatalf("status %d, want %d", code, tt.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page contains %q", n)
				}
			}
		})
	}
}

func TestAPIReturnsRunsWithPlanAndLog(t *testing.T) {
	srv, src, id := newServer(t)
	var one struct {
		Run      store.Run         `json:"run"`
		PlanText string            `json:"plan_text"`
		PlanJSON map[string]string `json:"plan_json"`
		Log      []store.LogEntry  `json:"log"`
	}
	_, body := get(t, srv.URL+"/api/runs/1")
	if err := json.Unmarshal([]byte(body), &one); err != nil {
		t.Fatal(err)
	}
	if one.Run.ID != id || !strings.Contains(one.PlanText, "Plan: 1 to add") || one.PlanJSON["format_version"] != "1.2" || len(one.Log) != 1 {
		t.Errorf("run API = %+v", one)
	}
	var list struct{ Runs []store.Run }
	_, body = get(t, srv.URL+"/api/runs?stack=nope")
	json.Unmarshal([]byte(body), &list)
	if list.Runs == nil || len(list.Runs) != 0 {
		t.Errorf("runs of an unknown stack = %s, want an empty list", body)
	}
	resp, _ := http.Post(srv.URL+"/api/stacks/prod/plan", "", nil)
	if resp.StatusCode != http.StatusAccepted || len(src.triggered) != 1 {
		t.Errorf("manual plan: %s, triggered %v", resp.Status, src.triggered)
	}
	resp, _ = http.Post(srv.URL+"/api/stacks/nope/plan", "", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("manual plan of an unknown stack: %s, want 404", resp.Status)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
