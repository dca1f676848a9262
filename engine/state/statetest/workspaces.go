package statetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// NewStore makes fresh, empty storage for one subtest and returns a
// factory of stores on it. Each call of the factory returns a NEW store,
// as a separate process would configure, on the SAME storage.
type NewStore func(t *testing.T) func() state.Store

// RunWorkspaces runs the workspace conformance tests against the store
// that newStore makes: workspaces are listed as Terraform lists them, two
// workspaces of one store see neither each other's state nor each other's
// locks, deleting a workspace removes it and nothing else, the default
// workspace cannot be deleted, and invalid names are refused.
func RunWorkspaces(t *testing.T, newStore NewStore) {
	t.Helper()
	for _, tc := range workspaceTests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStore(t)) })
	}
}

var workspaceTests = []struct {
	name string
	run  func(t *testing.T, store func() state.Store)
}{
	{"a fresh store lists only the default workspace", testFreshStoreListsDefault},
	{"created workspaces are listed, default first and the rest sorted", testCreatedListed},
	{"workspaces do not see each other's state", testSeparateStates},
	{"workspaces do not share locks", testSeparateLocks},
	{"writing a workspace's state makes it listed", testWriteCreates},
	{"delete removes only that workspace", testDeleteOnlyThat},
	{"the default workspace cannot be deleted", testDeleteDefaultRefused},
	{"a deleted workspace comes back empty", testRecreatedEmpty},
	{"invalid workspace names are refused", testInvalidNames},
	{"a new workspace takes a state of any lineage", testNewWorkspaceTakesAnyLineage},
}

func mustWorkspace(t *testing.T, s state.Store, name string) state.Backend {
	t.Helper()
	b, err := s.Workspace(name)
	if err != nil {
		t.Fatalf("%s: Workspace(%q): %v", s, name, err)
	}
	return b
}

func mustCreate(t *testing.T, s state.Store, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := s.CreateWorkspace(ctx(t), n); err != nil {
			t.Fatalf("%s: CreateWorkspace(%q): %v", s, n, err)
		}
	}
}

func assertListed(t *testing.T, s state.Store, want ...string) {
	t.Helper()
	got, err := s.Workspaces(ctx(t))
	if err != nil {
		t.Fatalf("%s: Workspaces: %v", s, err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s: Workspaces = %q, want %q", s, got, want)
	}
}

// seedWorkspace stores Sample(tag) in the workspace through a fresh
// client and returns it.
func seedWorkspace(t *testing.T, s state.Store, name, tag string) *state.State {
	t.Helper()
	c := mustWorkspace(t, s, name)
	cur := mustRead(t, c)
	st := Sample(state.New().Lineage, 3, tag)
	if cur != nil {
		st.Lineage, st.Serial = cur.Lineage, cur.Serial+1
	}
	mustWrite(t, c, st)
	return st
}

// assertWorkspaceHolds fails unless a fresh client of a fresh store reads
// want (nil: no state, or an empty one) in the workspace.
func assertWorkspaceHolds(t *testing.T, store func() state.Store, name string, want *state.State) {
	t.Helper()
	c := mustWorkspace(t, store(), name)
	got := mustRead(t, c)
	switch {
	case want == nil && got != nil && !got.Empty():
		t.Fatalf("workspace %q (%s) holds lineage %s serial %d, want no state", name, c, got.Lineage, got.Serial)
	case want == nil:
	case got == nil:
		t.Fatalf("workspace %q (%s) holds no state, want lineage %s serial %d", name, c, want.Lineage, want.Serial)
	case got.Lineage != want.Lineage || got.Serial != want.Serial || !got.SameContent(want):
		t.Fatalf("workspace %q (%s) holds lineage %s serial %d, want lineage %s serial %d", name, c, got.Lineage, got.Serial, want.Lineage, want.Serial)
	}
}

func testFreshStoreListsDefault(t *testing.T, store func() state.Store) {
	assertListed(t, store(), state.DefaultWorkspace)
}

func testCreatedListed(t *testing.T, store func() state.Store) {
	s := store()
	mustCreate(t, s, "staging", "dev", "default", "prod-eu_1")
	mustCreate(t, s, "dev") // again: no error, no duplicate
	assertListed(t, store(), "default", "dev", "prod-eu_1", "staging")
}

func testSeparateStates(t *testing.T, store func() state.Store) {
	s := store()
	mustCreate(t, s, "staging")
	def := seedWorkspace(t, s, state.DefaultWorkspace, "default")
	assertWorkspaceHolds(t, store, "staging", nil)
	stg := seedWorkspace(t, s, "staging", "staging")
	if stg.Lineage == def.Lineage {
		t.Fatal("the two samples share a lineage")
	}
	assertWorkspaceHolds(t, store, state.DefaultWorkspace, def)
	assertWorkspaceHolds(t, store, "staging", stg)
	// A client that read one workspace cannot write over the other.
	c := mustWorkspace(t, store(), "staging")
	mustRead(t, c)
	next := stg.DeepCopy()
	next.Serial++
	mustWrite(t, c, next)
	assertWorkspaceHolds(t, store, state.DefaultWorkspace, def)
}

func testSeparateLocks(t *testing.T, store func() state.Store) {
	s1, s2 := store(), store()
	mustCreate(t, s1, "staging")
	defID := mustLock(t, mustWorkspace(t, s1, state.DefaultWorkspace), state.NewLockInfo("OperationTypeApply"))
	stgID := mustLock(t, mustWorkspace(t, s2, "staging"), state.NewLockInfo("OperationTypePlan"))
	if defID == stgID {
		t.Fatalf("both workspaces returned lock ID %s", defID)
	}
	for name, want := range map[string]string{state.DefaultWorkspace: defID, "staging": stgID} {
		info, err := mustWorkspace(t, store(), name).LockInfo(ctx(t))
		if err != nil || info == nil || info.ID != want {
			t.Fatalf("LockInfo of workspace %q = %+v, %v; want the lock %s", name, info, err, want)
		}
	}
	// Within one workspace the lock still excludes.
	_, err := mustWorkspace(t, s1, "staging").Lock(ctx(t), state.NewLockInfo("OperationTypeApply"))
	if le := asLockError(t, err, "a second lock of workspace staging"); le.Info == nil || le.Info.ID != stgID {
		t.Fatalf("contended lock names %+v, want holder %s", le.Info, stgID)
	}
	mustUnlock(t, mustWorkspace(t, s2, "staging"), stgID)
	if info, err := mustWorkspace(t, store(), state.DefaultWorkspace).LockInfo(ctx(t)); err != nil || info == nil || info.ID != defID {
		t.Fatalf("unlocking staging changed the default workspace's lock: %+v, %v", info, err)
	}
	mustUnlock(t, mustWorkspace(t, s1, state.DefaultWorkspace), defID)
}

func testWriteCreates(t *testing.T, store func() state.Store) {
	s := store()
	c := mustWorkspace(t, s, "adhoc")
	if got := mustRead(t, c); got != nil {
		t.Fatalf("workspace adhoc holds serial %d before any write", got.Serial)
	}
	assertListed(t, s, "default")
	mustWrite(t, c, Sample(state.New().Lineage, 1, "adhoc"))
	assertListed(t, store(), "default", "adhoc")
}

func testDeleteOnlyThat(t *testing.T, store func() state.Store) {
	s := store()
	mustCreate(t, s, "a", "b")
	def := seedWorkspace(t, s, state.DefaultWorkspace, "default")
	seedWorkspace(t, s, "a", "a")
	b := seedWorkspace(t, s, "b", "b")
	if err := store().DeleteWorkspace(ctx(t), "a"); err != nil {
		t.Fatalf("DeleteWorkspace(a): %v", err)
	}
	assertListed(t, store(), "default", "b")
	assertWorkspaceHolds(t, store, state.DefaultWorkspace, def)
	assertWorkspaceHolds(t, store, "b", b)
	// A workspace name that is a prefix of another is deleted alone.
	mustCreate(t, s, "b2")
	b2 := seedWorkspace(t, s, "b2", "b2")
	if err := store().DeleteWorkspace(ctx(t), "b"); err != nil {
		t.Fatalf("DeleteWorkspace(b): %v", err)
	}
	assertListed(t, store(), "default", "b2")
	assertWorkspaceHolds(t, store, "b2", b2)
}

func testDeleteDefaultRefused(t *testing.T, store func() state.Store) {
	def := seedWorkspace(t, store(), state.DefaultWorkspace, "default")
	err := store().DeleteWorkspace(ctx(t), state.DefaultWorkspace)
	if !errors.Is(err, state.ErrDeleteDefault) {
		t.Fatalf("DeleteWorkspace(default) = %v, want state.ErrDeleteDefault", err)
	}
	assertWorkspaceHolds(t, store, state.DefaultWorkspace, def)
}

func testRecreatedEmpty(t *testing.T, store func() state.Store) {
	s := store()
	mustCreate(t, s, "tmp")
	seedWorkspace(t, s, "tmp", "tmp")
	if err := s.DeleteWorkspace(ctx(t), "tmp"); err != nil {
		t.Fatalf("DeleteWorkspace(tmp): %v", err)
	}
	mustCreate(t, store(), "tmp")
	assertListed(t, store(), "default", "tmp")
	assertWorkspaceHolds(t, store, "tmp", nil)
}

func testInvalidNames(t *testing.T, store func() state.Store) {
	s := store()
	mustCreate(t, s, "ok")
	for _, name := range []string{"", "a/b", "../x", "..", ".", "with space", "pct%41", "é", `back\slash`, "q?x"} {
		var want *state.InvalidWorkspaceNameError
		if _, err := s.Workspace(name); !errors.As(err, &want) {
			t.Errorf("Workspace(%q) = %v, want an InvalidWorkspaceNameError", name, err)
		}
		if err := s.CreateWorkspace(ctx(t), name); !errors.As(err, &want) {
			t.Errorf("CreateWorkspace(%q) = %v, want an InvalidWorkspaceNameError", name, err)
		}
		if err := s.DeleteWorkspace(ctx(t), name); !errors.As(err, &want) {
			t.Errorf("DeleteWorkspace(%q) = %v, want an InvalidWorkspaceNameError", name, err)
		}
	}
	assertListed(t, store(), "default", "ok")
}

// A state migrated or pushed into a workspace just created replaces the
// empty state the store may have written there, whatever its lineage;
// once it holds something, another lineage is refused again.
func testNewWorkspaceTakesAnyLineage(t *testing.T, store func() state.Store) {
	mustCreate(t, store(), "fresh")
	c := mustWorkspace(t, store(), "fresh")
	mustRead(t, c)
	in := Sample(state.New().Lineage, 7, "migrated")
	mustWrite(t, c, in)
	assertWorkspaceHolds(t, store, "fresh", in)
	other := mustWorkspace(t, store(), "fresh")
	mustRead(t, other)
	assertStale(t, other.Write(ctx(t), Sample(state.New().Lineage, 9, "other")), "a foreign lineage over a workspace holding state")
	assertWorkspaceHolds(t, store, "fresh", in)
}
