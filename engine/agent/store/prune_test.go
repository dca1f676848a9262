package store

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// seed creates runs in order, each "stack:outcome", with a plan and a log,
// and returns their IDs.
func seed(t *testing.T, s *Store, runs ...string) []uint64 {
	t.Helper()
	var ids []uint64
	for _, spec := range runs {
		stack, outcome, _ := strings.Cut(spec, ":")
		r := &Run{Stack: stack, Outcome: outcome}
		if err := s.Create(r); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPlan(r.ID, Plan{Text: "plan of " + spec}); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendLog(r.ID, LogEntry{Message: "log of " + spec}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

// remaining lists the IDs of all runs left, oldest first.
func remaining(t *testing.T, s *Store) []uint64 {
	t.Helper()
	runs, err := s.List(Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []uint64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	slices.Reverse(ids)
	return ids
}

func TestPrune(t *testing.T) {
	tests := []struct {
		name    string
		runs    []string
		stack   string
		keep    int
		deleted int
		left    []uint64
	}{
		{"the newest finished runs are kept, the older ones deleted",
			[]string{"a:succeeded", "a:failed", "a:no-changes", "a:drifted", "a:interrupted"}, "a", 3, 2, []uint64{3, 4, 5}},
		{"queued and running runs are neither deleted nor counted",
			[]string{"a:queued", "a:running", "a:succeeded", "a:succeeded", "a:succeeded", "a:running"}, "a", 2, 1, []uint64{1, 2, 4, 5, 6}},
		{"other stacks' runs are left alone",
			[]string{"b:succeeded", "a:succeeded", "b:succeeded", "a:succeeded", "b:succeeded"}, "a", 1, 1, []uint64{1, 3, 4, 5}},
		{"a stack under its limit loses nothing",
			[]string{"a:succeeded", "a:succeeded"}, "a", 2, 0, []uint64{1, 2}},
		{"a limit of 0 keeps everything",
			[]string{"a:succeeded", "a:succeeded", "a:succeeded"}, "a", 0, 0, []uint64{1, 2, 3}},
		{"an unknown stack deletes nothing",
			[]string{"a:succeeded"}, "zz", 1, 0, []uint64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t, filepath.Join(t.TempDir(), "h.db"))
			defer s.Close()
			ids := seed(t, s, tt.runs...)
			n, err := s.Prune(tt.stack, tt.keep)
			if err != nil || n != tt.deleted {
				t.Fatalf("Prune = %d, %v; want %d deleted", n, err, tt.deleted)
			}
			if got := remaining(t, s); !slices.Equal(got, tt.left) {
				t.Fatalf("runs left = %v, want %v", got, tt.left)
			}
			for _, id := range ids {
				p, _ := s.Plan(id)
				log, _ := s.Log(id)
				if slices.Contains(tt.left, id) {
					if p.Text == "" || len(log) != 1 {
						t.Errorf("kept run %d lost its plan or log", id)
					}
					continue
				}
				if _, err := s.Get(id); err != ErrNotFound {
					t.Errorf("Get(%d) after pruning = %v, want ErrNotFound", id, err)
				}
				if p.Text != "" || len(log) != 0 {
					t.Errorf("pruned run %d left its plan (%q) or log (%d entries)", id, p.Text, len(log))
				}
			}
		})
	}
}

// TestPrunedIDsAreNotReused: a run created after pruning gets a new ID, so
// links to pruned runs never show another run.
func TestPrunedIDsAreNotReused(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "h.db"))
	defer s.Close()
	seed(t, s, "a:succeeded", "a:succeeded", "a:succeeded")
	if _, err := s.Prune("a", 1); err != nil {
		t.Fatal(err)
	}
	r := &Run{Stack: "a", Outcome: OutcomeQueued}
	if err := s.Create(r); err != nil {
		t.Fatal(err)
	}
	if r.ID != 4 {
		t.Errorf("new run ID = %d, want 4", r.ID)
	}
}
