package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func newTestLocal(t *testing.T) *Local {
	return NewLocal(filepath.Join(t.TempDir(), "terraform.tfstate"))
}

func TestLocalStringNamesTheFile(t *testing.T) {
	if got := NewLocal("stacks/web/terraform.tfstate").String(); got != `local backend "stacks/web/terraform.tfstate"` {
		t.Errorf("String() = %s", got)
	}
}

func TestLocalInvalidFileIsReportedAndNeverTouched(t *testing.T) {
	l := newTestLocal(t)
	garbage := []byte("{\n  \"version\": 4,\n  nope\n}\n")
	if err := os.WriteFile(l.Path(), garbage, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := l.Read(t.Context())
	if err == nil || !strings.Contains(err.Error(), l.Path()) || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("Read of an invalid file = %v, want an error naming the file and line", err)
	}
	if err := l.Write(t.Context(), New()); !errors.Is(err, ErrStale) {
		t.Fatalf("Write after a failed Read = %v, want ErrStale", err)
	}
	if b, _ := os.ReadFile(l.Path()); !bytes.Equal(b, garbage) {
		t.Error("the invalid file was changed")
	}
	if _, err := os.Stat(l.BackupPath()); !errors.Is(err, os.ErrNotExist) {
		t.Error("a backup was written for a refused write")
	}
}

func TestLocalEmptyFileReadsAsNoState(t *testing.T) {
	l := newTestLocal(t)
	if err := os.WriteFile(l.Path(), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := l.Read(t.Context()); s != nil || err != nil {
		t.Fatalf("Read of an empty file = %v, %v; want nil, nil", s, err)
	}
	if err := l.Write(t.Context(), New()); err != nil {
		t.Fatalf("Write over an empty file: %v", err)
	}
}

func TestLocalWriteKeepsABackupAndNoTempFiles(t *testing.T) {
	l := newTestLocal(t)
	first := representativeState()
	mustLocalWrite(t, l, first)
	second := first.DeepCopy()
	second.Serial++
	second.Outputs = nil
	l = NewLocal(l.Path()) // the next command
	mustLocalRead(t, l)
	mustLocalWrite(t, l, second)

	backup, err := os.ReadFile(l.BackupPath())
	if err != nil {
		t.Fatalf("no backup: %v", err)
	}
	if !bytes.Equal(backup, mustEncode(t, first)) {
		t.Error("backup is not the previous version")
	}
	entries, _ := os.ReadDir(filepath.Dir(l.Path()))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"terraform.tfstate", "terraform.tfstate.backup"}; !slices.Equal(names, want) {
		t.Errorf("directory holds %q, want only %q", names, want)
	}
}

func TestLocalNewStateIsPrivateAndExistingModeIsKept(t *testing.T) {
	l := newTestLocal(t)
	mustLocalWrite(t, l, New())
	if fi, _ := os.Stat(l.Path()); fi.Mode().Perm() != 0o600 {
		t.Errorf("new state file mode %v, want 0600 (state holds secrets)", fi.Mode().Perm())
	}
	if err := os.Chmod(l.Path(), 0o640); err != nil {
		t.Fatal(err)
	}
	s, _ := l.Read(t.Context())
	s.Serial++
	mustLocalWrite(t, l, s)
	if fi, _ := os.Stat(l.Path()); fi.Mode().Perm() != 0o640 {
		t.Errorf("rewritten state file mode %v, want the 0640 it had", fi.Mode().Perm())
	}
}

func TestLocalRefusedWriteNamesFileLineageAndSerials(t *testing.T) {
	l := newTestLocal(t)
	s := New()
	s.Serial = 7
	mustLocalWrite(t, l, s)
	other := NewLocal(l.Path())
	mustLocalRead(t, other)
	s2 := s.DeepCopy()
	s2.Serial = 8
	mustLocalWrite(t, other, s2)

	err := l.Write(t.Context(), s)
	var stale *StaleError
	if !errors.As(err, &stale) || !errors.Is(err, ErrStale) {
		t.Fatalf("stale write error = %v", err)
	}
	for _, want := range []string{l.Path(), s.Lineage, "serial 7", "serial 8"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestLocalLockFileIsTerraformsNameAndHoldsLockInfoJSON(t *testing.T) {
	l := newTestLocal(t)
	id, err := l.Lock(t.Context(), NewLockInfo("OperationTypeApply"))
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(filepath.Dir(l.Path()), ".terraform.tfstate.lock.info")
	if l.LockPath() != want {
		t.Errorf("LockPath = %s, want %s", l.LockPath(), want)
	}
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("lock file: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("lock file is not JSON: %v", err)
	}
	for _, k := range []string{"ID", "Operation", "Who", "PID", "Version", "Created", "Path"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("lock file lacks %s: %s", k, b)
		}
	}
	if raw["ID"] != id || raw["Path"] != want || !strings.Contains(raw["Who"].(string), "@") {
		t.Errorf("lock file = %s", b)
	}
}

func TestLocalUnreadableLockFileIsReportedNotReplaced(t *testing.T) {
	l := newTestLocal(t)
	if err := os.WriteFile(l.LockPath(), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := l.Lock(t.Context(), NewLockInfo("apply"))
	var le *LockError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "is not a lock") {
		t.Fatalf("Lock over a junk lock file = %v", err)
	}
	if b, _ := os.ReadFile(l.LockPath()); string(b) != "junk" {
		t.Error("the junk lock file was replaced")
	}
}

func TestLocalRenewExtendsByTheLeaseLength(t *testing.T) {
	l := newTestLocal(t)
	info := NewLockInfo("apply")
	info.Expires = info.Created.Add(time.Hour)
	id, err := l.Lock(t.Context(), info)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := l.LockInfo(t.Context())
	if err := l.Renew(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	after, _ := l.LockInfo(t.Context())
	if after.Renewed.IsZero() || after.Lease() != time.Hour || after.Expires.Before(before.Expires) || !after.Created.Equal(before.Created) {
		t.Errorf("after Renew: %+v (before %+v)", after, before)
	}
}

func TestLocalRenewOfAnExpiredLeaseIsRefused(t *testing.T) {
	l := newTestLocal(t)
	info := NewLockInfo("apply")
	info.Expires = info.Created.Add(50 * time.Millisecond)
	id, err := l.Lock(t.Context(), info)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if err := l.Renew(t.Context(), id); !errors.Is(err, ErrLeaseExpired) {
		t.Fatalf("Renew after expiry = %v, want ErrLeaseExpired", err)
	}
}

func TestManyContendersForOneExpiredLockExactlyOneWins(t *testing.T) {
	const contenders = 8
	for round := range 100 {
		path := filepath.Join(t.TempDir(), "terraform.tfstate")
		old := NewLockInfo("apply")
		old.Expires = old.Created.Add(time.Millisecond)
		if _, err := NewLocal(path).Lock(t.Context(), old); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)

		var wg sync.WaitGroup
		var mu sync.Mutex
		var winners []string
		start := make(chan struct{})
		for range contenders {
			wg.Go(func() {
				c := NewLocal(path)
				<-start
				if id, err := c.Lock(t.Context(), NewLockInfo("apply")); err == nil {
					mu.Lock()
					winners = append(winners, id)
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		if len(winners) != 1 {
			t.Fatalf("round %d: %d contenders took over the expired lock, want exactly 1", round, len(winners))
		}
		if info, _ := NewLocal(path).LockInfo(t.Context()); info == nil || info.ID != winners[0] {
			t.Fatalf("round %d: lock file holds %+v, want the winner %s", round, info, winners[0])
		}
	}
}

func TestLocalHistoryListsStateAndBackupNewestFirst(t *testing.T) {
	l := newTestLocal(t)
	if v, err := l.History(t.Context()); err != nil || len(v) != 0 {
		t.Fatalf("History of nothing = %+v, %v", v, err)
	}
	s := New()
	s.Serial = 1
	mustLocalWrite(t, l, s)
	l = NewLocal(l.Path()) // the next command
	mustLocalRead(t, l)
	s.Serial = 2
	mustLocalWrite(t, l, s)
	v, err := l.History(t.Context())
	if err != nil || len(v) != 2 || v[0].ID != "terraform.tfstate" || v[0].Serial != 2 || v[1].ID != "terraform.tfstate.backup" || v[1].Serial != 1 {
		t.Fatalf("History = %+v, %v", v, err)
	}
	if _, err := l.ReadVersion(t.Context(), "../etc/passwd"); err == nil {
		t.Error("ReadVersion of an unknown ID succeeded")
	}
}

func mustLocalWrite(t *testing.T, l *Local, s *State) {
	t.Helper()
	if err := l.Write(t.Context(), s); err != nil {
		t.Fatal(err)
	}
}

func mustLocalRead(t *testing.T, l *Local) *State {
	t.Helper()
	s, err := l.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLocalBackupIsTheVersionBeforeTheClientsFirstWrite: one client's
// repeated writes (an apply persisting as it goes) keep the backup of the
// state before them, as Terraform's local backend does.
func TestLocalBackupIsTheVersionBeforeTheClientsFirstWrite(t *testing.T) {
	l := newTestLocal(t)
	s := New()
	s.Serial = 1
	mustLocalWrite(t, l, s)
	before := mustEncode(t, s)

	l2 := NewLocal(l.Path())
	if _, err := l2.Read(t.Context()); err != nil {
		t.Fatal(err)
	}
	for serial := uint64(2); serial <= 4; serial++ {
		s.Serial = serial
		mustLocalWrite(t, l2, s)
	}
	if backup, _ := os.ReadFile(l.BackupPath()); !bytes.Equal(backup, before) {
		t.Errorf("backup after three writes of one client:\n%s\nwant the state before them:\n%s", backup, before)
	}
}

// TestLocalKeepsNoBackupOfAStateItCreated: as Terraform's local backend,
// a client whose first write creates the file keeps no backup, not even
// of its own later writes (a first apply persisting as it goes); the next
// client's first write keeps what it found.
func TestLocalKeepsNoBackupOfAStateItCreated(t *testing.T) {
	l := newTestLocal(t)
	s := New()
	for serial := uint64(1); serial <= 3; serial++ {
		s.Serial = serial
		mustLocalWrite(t, l, s)
	}
	if _, err := os.Stat(l.BackupPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a backup was kept of a state this client created (%v)", err)
	}
	last := mustEncode(t, s)
	l2 := NewLocal(l.Path())
	mustLocalRead(t, l2)
	s.Serial = 4
	mustLocalWrite(t, l2, s)
	if backup, _ := os.ReadFile(l.BackupPath()); !bytes.Equal(backup, last) {
		t.Errorf("the next client's backup:\n%s\nwant the state it found:\n%s", backup, last)
	}
}

// A client whose backup is made hashes the file without holding it
// (Local.current): another writer's change must still be refused, and
// described by what the file now holds.
func TestLocalWriteAfterBackupStillSeesAnotherWriter(t *testing.T) {
	l := newTestLocal(t)
	s := New()
	s.Serial = 1
	mustLocalWrite(t, l, s)
	s.Serial = 2
	mustLocalWrite(t, l, s) // the file existed: the backup is made
	s.Serial = 3
	mustLocalWrite(t, l, s) // and a write of its own file goes through

	other := NewLocal(l.Path())
	mustLocalRead(t, other)
	s2 := s.DeepCopy()
	s2.Serial = 9
	mustLocalWrite(t, other, s2)

	s.Serial = 4
	err := l.Write(t.Context(), s)
	if !errors.Is(err, ErrStale) {
		t.Fatalf("write over another client's write: error = %v, want it refused as stale", err)
	}
	if !strings.Contains(err.Error(), "serial 9") {
		t.Errorf("error %q does not name what the file now holds (serial 9)", err)
	}
}
