package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func mustOpen(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestHistorySurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "agent.db")
	s := mustOpen(t, path)
	done := &Run{Stack: "prod", Kind: KindApply, Trigger: TriggerPoll, Commit: "abc", Author: "Ann <ann@example.com>", Outcome: OutcomeQueued, Queued: time.Now()}
	if err := s.Create(done); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(done.ID, func(r *Run) { r.Outcome = OutcomeSucceeded; r.Summary = Summary{Add: 2, Applied: true} }); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPlan(done.ID, Plan{Text: "Plan: 2 to add", JSON: []byte(`{"a":1}`)}); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendLog(done.ID, LogEntry{Message: "one"}, LogEntry{Message: "two"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendLog(done.ID, LogEntry{Message: "three"}); err != nil {
		t.Fatal(err)
	}
	running := &Run{Stack: "dev", Kind: KindPlan, Outcome: OutcomeRunning}
	queued := &Run{Stack: "dev", Kind: KindPlan, Outcome: OutcomeQueued}
	for _, r := range []*Run{running, queued} {
		if err := s.Create(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.UpdateStackStatus("prod", func(st *StackStatus) { st.LastSeenCommit = "abc"; st.Drifted = true }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = mustOpen(t, path)
	defer s.Close()
	n, err := s.MarkInterrupted(time.Now())
	if err != nil || n != 2 {
		t.Fatalf("MarkInterrupted = %d, %v; want 2 runs", n, err)
	}
	all, err := s.List(Filter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("List = %d runs, %v", len(all), err)
	}
	if all[0].ID != queued.ID || all[2].ID != done.ID {
		t.Errorf("runs not newest first: %d, %d, %d", all[0].ID, all[1].ID, all[2].ID)
	}
	for _, r := range all[:2] {
		if r.Outcome != OutcomeInterrupted || r.Finished.IsZero() {
			t.Errorf("run %d = %s, want interrupted with a finish time", r.ID, r.Outcome)
		}
	}
	got, err := s.Get(done.ID)
	if err != nil || got.Outcome != OutcomeSucceeded || got.Summary.Add != 2 || got.Author != "Ann <ann@example.com>" {
		t.Errorf("Get = %+v, %v", got, err)
	}
	p, _ := s.Plan(done.ID)
	if p.Text != "Plan: 2 to add" || string(p.JSON) != `{"a":1}` {
		t.Errorf("plan = %+v", p)
	}
	log, _ := s.Log(done.ID)
	var msgs []string
	for _, e := range log {
		msgs = append(msgs, e.Message)
	}
	if strings.Join(msgs, ",") != "one,two,three" {
		t.Errorf("log = %v", msgs)
	}
	st, _ := s.StackStatus("prod")
	if st.LastSeenCommit != "abc" || !st.Drifted {
		t.Errorf("status = %+v", st)
	}
}

func TestListFiltersByStackAndLimit(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "a.db"))
	defer s.Close()
	for i := 0; i < 5; i++ {
		stack := "a"
		if i%2 == 1 {
			stack = "b"
		}
		if err := s.Create(&Run{Stack: stack, Outcome: OutcomeSucceeded}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    Filter
		want int
	}{
		{"all stacks are listed", Filter{}, 5},
		{"one stack's runs only", Filter{Stack: "b"}, 2},
		{"limit keeps the newest", Filter{Stack: "a", Limit: 2}, 2},
		{"unknown stack lists nothing", Filter{Stack: "zz"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.List(tt.f)
			if err != nil || len(got) != tt.want {
				t.Fatalf("List = %d, %v; want %d", len(got), err, tt.want)
			}
			for _, r := range got {
				if tt.f.Stack != "" && r.Stack != tt.f.Stack {
					t.Errorf("run of stack %q listed", r.Stack)
				}
			}
		})
	}
	if got, _ := s.List(Filter{Stack: "a", Limit: 2}); got[0].ID != 5 {
		t.Errorf("newest run of a = %d, want 5", got[0].ID)
	}
}

func TestMissingRunIsNotFound(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "a.db"))
	defer s.Close()
	if _, err := s.Get(42); err != ErrNotFound {
		t.Errorf("Get = %v, want ErrNotFound", err)
	}
	if _, err := s.Update(42, func(*Run) {}); err != ErrNotFound {
		t.Errorf("Update = %v, want ErrNotFound", err)
	}
}

func TestSecondOpenFailsClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	s := mustOpen(t, path)
	defer s.Close()
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), "in use by another process") {
		t.Fatalf("second Open = %v, want an in-use error", err)
	}
}
