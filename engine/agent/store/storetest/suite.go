package storetest

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// Store is what the suite tests: the agent's whole history.
type Store = store.History

// Backing creates a fresh, empty place for a store (a file, a database)
// and returns how to open it; open may be called again after Close, to
// see what survived.
type Backing func(t *testing.T) (open func(t *testing.T) Store)

// Run runs the suite against the implementation that backing opens.
func Run(t *testing.T, backing Backing) {
	t.Run("history survives reopen", func(t *testing.T) { testSurvivesReopen(t, backing) })
	t.Run("list filters by stack and limit", func(t *testing.T) { testList(t, backing) })
	t.Run("missing run is not found", func(t *testing.T) { testMissing(t, backing) })
	t.Run("prune", func(t *testing.T) { testPrune(t, backing) })
	t.Run("pruned IDs are not reused", func(t *testing.T) { testIDsNotReused(t, backing) })
	t.Run("stack status", func(t *testing.T) { testStackStatus(t, backing) })
	t.Run("tokens", func(t *testing.T) { testTokens(t, backing) })
	t.Run("audit trail", func(t *testing.T) { testAudit(t, backing) })
	t.Run("pull-request locks", func(t *testing.T) { testLocks(t, backing) })
	t.Run("run changes are signalled", func(t *testing.T) { testSubscribe(t, backing) })
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testSurvivesReopen(t *testing.T, backing Backing) {
	open := backing(t)
	s := open(t)
	queued := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	done := &store.Run{Stack: "prod", Kind: store.KindApply, Trigger: store.TriggerPoll, Ref: "main", Commit: "abc", Author: "Ann <ann@example.com>",
		Message: "add a bucket", PR: 7, Outcome: store.OutcomeQueued, Queued: queued, Agent: "agent-1"}
	must(t, s.Create(done))
	_, err := s.Update(done.ID, func(r *store.Run) {
		r.Outcome, r.Summary, r.Attempts = store.OutcomeSucceeded, store.Summary{Add: 2, Destroy: 1, Applied: true}, 2
		r.Started, r.Finished = queued.Add(time.Second), queued.Add(3*time.Second)
	})
	must(t, err)
	graph := map[string][]string{"null_resource.b": {"module.m.null_resource.a"}, "module.m.null_resource.a": {}}
	must(t, s.SetPlan(done.ID, store.Plan{Text: "Plan: 2 to add", JSON: []byte(`{"a":1}`), StateLineage: "lin-1", StateSerial: 12, Graph: graph,
		ChangesDigest: "sha256:0f"}))
	must(t, s.AppendLog(done.ID, store.LogEntry{Time: queued, Level: "info", Message: "one"}, store.LogEntry{Message: "two"}))
	must(t, s.AppendLog(done.ID, store.LogEntry{Message: "three"}))
	running := &store.Run{Stack: "dev", Kind: store.KindPlan, Outcome: store.OutcomeRunning}
	waiting := &store.Run{Stack: "dev", Kind: store.KindPlan, Outcome: store.OutcomeQueued}
	for _, r := range []*store.Run{running, waiting} {
		must(t, s.Create(r))
	}
	must(t, s.UpdateStackStatus("prod", func(st *store.StackStatus) { st.LastSeenCommit = "abc"; st.Drifted = true }))
	must(t, s.Close())

	s = open(t)
	defer s.Close()
	n, err := s.MarkInterrupted(time.Now())
	if err != nil || n != 2 {
		t.Fatalf("MarkInterrupted = %d, %v; want 2 runs", n, err)
	}
	all, err := s.List(store.Filter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("List = %d runs, %v", len(all), err)
	}
	if all[0].ID != waiting.ID || all[2].ID != done.ID {
		t.Errorf("runs not newest first: %d, %d, %d", all[0].ID, all[1].ID, all[2].ID)
	}
	for _, r := range all[:2] {
		if r.Outcome != store.OutcomeInterrupted || r.Finished.IsZero() || r.Error == "" {
			t.Errorf("run %d = %s (%q), want interrupted with a finish time and a reason", r.ID, r.Outcome, r.Error)
		}
	}
	got, err := s.Get(done.ID)
	must(t, err)
	want := *done
	want.Outcome, want.Summary, want.Attempts = store.OutcomeSucceeded, store.Summary{Add: 2, Destroy: 1, Applied: true}, 2
	want.Started, want.Finished = queued.Add(time.Second), queued.Add(3*time.Second)
	if *got != want {
		t.Errorf("Get =\n%+v\nwant\n%+v", *got, want)
	}
	if got.Duration() != 2*time.Second {
		t.Errorf("Duration = %s", got.Duration())
	}
	p, _ := s.Plan(done.ID)
	if p.Text != "Plan: 2 to add" || string(p.JSON) != `{"a":1}` || p.StateLineage != "lin-1" || p.StateSerial != 12 || !reflect.DeepEqual(p.Graph, graph) ||
		p.ChangesDigest != "sha256:0f" {
		t.Errorf("plan = %+v", p)
	}
	if p, err := s.Plan(running.ID); err != nil || p.Text != "" || p.JSON != nil || p.Graph != nil {
		t.Errorf("plan of a run without one = %+v, %v", p, err)
	}
	log, _ := s.Log(done.ID)
	var msgs []string
	for _, e := range log {
		msgs = append(msgs, e.Message)
	}
	if strings.Join(msgs, ",") != "one,two,three" || !log[0].Time.Equal(queued) || log[0].Level != "info" || !log[1].Time.IsZero() {
		t.Errorf("log = %+v", log)
	}
	st, _ := s.StackStatus("prod")
	if st.LastSeenCommit != "abc" || !st.Drifted {
		t.Errorf("status = %+v", st)
	}
}

func testList(t *testing.T, backing Backing) {
	s := backing(t)(t)
	defer s.Close()
	for i := 0; i < 5; i++ {
		stack := "a"
		if i%2 == 1 {
			stack = "b"
		}
		must(t, s.Create(&store.Run{Stack: stack, Outcome: store.OutcomeSucceeded}))
	}
	tests := []struct {
		name string
		f    store.Filter
		want int
	}{
		{"all stacks are listed", store.Filter{}, 5},
		{"one stack's runs only", store.Filter{Stack: "b"}, 2},
		{"limit keeps the newest", store.Filter{Stack: "a", Limit: 2}, 2},
		{"unknown stack lists nothing", store.Filter{Stack: "zz"}, 0},
	}
	for _, tt := range tests {
		got, err := s.List(tt.f)
		if err != nil || len(got) != tt.want {
			t.Fatalf("%s: List = %d, %v; want %d", tt.name, len(got), err, tt.want)
		}
		for _, r := range got {
			if tt.f.Stack != "" && r.Stack != tt.f.Stack {
				t.Errorf("%s: run of stack %q listed", tt.name, r.Stack)
			}
		}
	}
	if got, _ := s.List(store.Filter{Stack: "a", Limit: 2}); got[0].ID != 5 || got[1].ID != 3 {
		t.Errorf("newest runs of a = %d, %d; want 5, 3", got[0].ID, got[1].ID)
	}
}

func testMissing(t *testing.T, backing Backing) {
	s := backing(t)(t)
	defer s.Close()
	if _, err := s.Get(42); err != store.ErrNotFound {
		t.Errorf("Get = %v, want ErrNotFound", err)
	}
	if _, err := s.Update(42, func(*store.Run) {}); err != store.ErrNotFound {
		t.Errorf("Update = %v, want ErrNotFound", err)
	}
}

func testStackStatus(t *testing.T, backing Backing) {
	s := backing(t)(t)
	defer s.Close()
	if st, err := s.StackStatus("none"); err != nil || !reflect.DeepEqual(st, store.StackStatus{}) {
		t.Errorf("unknown stack's status = %+v, %v; want zero", st, err)
	}
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	must(t, s.UpdateStackStatus("a", func(st *store.StackStatus) { st.LastAppliedCommit, st.LastApplied = "c1", at }))
	must(t, s.UpdateStackStatus("a", func(st *store.StackStatus) { st.DriftDigest = "d" }))
	must(t, s.UpdateStackStatus("b", func(st *store.StackStatus) { st.Drifted = true }))
	st, _ := s.StackStatus("a")
	if st.LastAppliedCommit != "c1" || !st.LastApplied.Equal(at) || st.DriftDigest != "d" || st.Drifted {
		t.Errorf("status of a = %+v: an update lost an earlier one or leaked from b", st)
	}
	for i := range store.MaxPolicyOverrides + 2 {
		must(t, s.UpdateStackStatus("a", func(st *store.StackStatus) {
			st.AddPolicyOverride(store.PolicyOverride{Run: uint64(i + 1), PR: 7, By: "github:alice", At: at})
		}))
	}
	st, _ = s.StackStatus("a")
	if o := st.PolicyOverride(5); len(st.PolicyOverrides) != store.MaxPolicyOverrides || o == nil || o.By != "github:alice" || !o.At.Equal(at) || st.PolicyOverride(1) != nil {
		t.Errorf("policy overrides = %+v; want the newest %d kept", st.PolicyOverrides, store.MaxPolicyOverrides)
	}
}

// seed creates runs in order, each "stack:outcome", with a plan and a log,
// and returns their IDs.
func seed(t *testing.T, s Store, runs ...string) []uint64 {
	t.Helper()
	var ids []uint64
	for _, spec := range runs {
		stack, outcome, _ := strings.Cut(spec, ":")
		r := &store.Run{Stack: stack, Outcome: outcome}
		must(t, s.Create(r))
		must(t, s.SetPlan(r.ID, store.Plan{Text: "plan of " + spec}))
		must(t, s.AppendLog(r.ID, store.LogEntry{Message: "log of " + spec}))
		ids = append(ids, r.ID)
	}
	return ids
}

// remaining lists the IDs of all runs left, oldest first.
func remaining(t *testing.T, s Store) []uint64 {
	t.Helper()
	runs, err := s.List(store.Filter{Limit: 1000})
	must(t, err)
	var ids []uint64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	slices.Reverse(ids)
	return ids
}

func testPrune(t *testing.T, backing Backing) {
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
			s := backing(t)(t)
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
				if _, err := s.Get(id); err != store.ErrNotFound {
					t.Errorf("Get(%d) after pruning = %v, want ErrNotFound", id, err)
				}
				if p.Text != "" || len(log) != 0 {
					t.Errorf("pruned run %d left its plan (%q) or log (%d entries)", id, p.Text, len(log))
				}
			}
		})
	}
}

// testIDsNotReused: a run created after pruning gets a new ID, so links
// to pruned runs never show another run.
func testIDsNotReused(t *testing.T, backing Backing) {
	s := backing(t)(t)
	defer s.Close()
	seed(t, s, "a:succeeded", "a:succeeded", "a:succeeded")
	if _, err := s.Prune("a", 1); err != nil {
		t.Fatal(err)
	}
	r := &store.Run{Stack: "a", Outcome: store.OutcomeQueued}
	must(t, s.Create(r))
	if r.ID != 4 {
		t.Errorf("new run ID = %d, want 4", r.ID)
	}
}
