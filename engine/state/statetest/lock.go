package statetest

import (
	"strings"
	"sync"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

var lockTests = []conformanceTest{
	{"exactly one of two clients gets the lock", testOneWinner},
	{"contended lock names its holder", testContendedNamesHolder},
	{"unlock with the wrong id fails and keeps the lock", testWrongUnlock},
	{"LockInfo reports the holder and nil after unlock", testLockInfo},
	{"the lock holder can read and write", testHolderWrites},
}

// lockRounds is how many times two clients race for the lock.
const lockRounds = 25

func testOneWinner(t *testing.T, client func() state.Backend) {
	a, b := client(), client()
	for round := range lockRounds {
		ids, errs := race(t, a, b, func() *state.LockInfo { return state.NewLockInfo("OperationTypeApply") })
		winners := 0
		for i := range ids {
			if errs[i] == nil {
				winners++
			}
		}
		if winners != 1 {
			t.Fatalf("round %d: %d clients got the lock (errors %v, %v), want exactly 1", round, winners, errs[0], errs[1])
		}
		w, l := 0, 1
		if errs[0] != nil {
			w, l = 1, 0
		}
		le := asLockError(t, errs[l], "the losing client")
		if le.Info == nil || le.Info.ID != ids[w] {
			t.Fatalf("round %d: loser's error names holder %+v, want lock ID %s", round, le.Info, ids[w])
		}
		mustUnlock(t, []state.Backend{a, b}[w], ids[w])
	}
}

// race has a and b take the lock at the same moment, each with a lock
// info from newInfo.
func race(t *testing.T, a, b state.Backend, newInfo func() *state.LockInfo) ([2]string, [2]error) {
	var ids [2]string
	var errs [2]error
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, c := range []state.Backend{a, b} {
		wg.Go(func() {
			info := newInfo()
			<-start
			ids[i], errs[i] = c.Lock(ctx(t), info)
		})
	}
	close(start)
	wg.Wait()
	return ids, errs
}

func testContendedNamesHolder(t *testing.T, client func() state.Backend) {
	a, b := client(), client()
	info := state.NewLockInfo("OperationTypeApply")
	info.Who = "alice@build-7"
	id := mustLock(t, a, info)
	defer mustUnlock(t, a, id)

	_, err := b.Lock(ctx(t), state.NewLockInfo("OperationTypePlan"))
	le := asLockError(t, err, "locking a held lock")
	for _, want := range []string{"alice@build-7", "OperationTypeApply", id} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("contended lock error %q does not name %q", err, want)
		}
	}
	if le.Info == nil || le.Info.Who != "alice@build-7" || le.Info.Operation != "OperationTypeApply" || le.Info.ID != id {
		t.Errorf("LockError.Info = %+v", le.Info)
	}
}

func testWrongUnlock(t *testing.T, client func() state.Backend) {
	a, b := client(), client()
	id := mustLock(t, a, state.NewLockInfo("OperationTypeApply"))

	for _, c := range []state.Backend{b, a} {
		le := asLockError(t, c.Unlock(ctx(t), "not-"+id), "unlocking with the wrong ID")
		if le.Info == nil || le.Info.ID != id {
			t.Fatalf("wrong-ID unlock error names %+v, want the holder %s", le.Info, id)
		}
	}
	if info, err := b.LockInfo(ctx(t)); err != nil || info == nil || info.ID != id {
		t.Fatalf("after wrong-ID unlocks LockInfo = %+v, %v; want holder %s", info, err, id)
	}
	if _, err := b.Lock(ctx(t), state.NewLockInfo("OperationTypePlan")); err == nil {
		t.Fatal("lock was free after a wrong-ID unlock")
	}
	mustUnlock(t, a, id)
	mustUnlock(t, b, mustLock(t, b, state.NewLockInfo("OperationTypePlan")))
}

func testLockInfo(t *testing.T, client func() state.Backend) {
	a, b := client(), client()
	if info, err := b.LockInfo(ctx(t)); err != nil || info != nil {
		t.Fatalf("LockInfo before any lock = %+v, %v; want nil, nil", info, err)
	}
	want := state.NewLockInfo("OperationTypeApply")
	id := mustLock(t, a, want)
	got, err := b.LockInfo(ctx(t))
	if err != nil || got == nil {
		t.Fatalf("LockInfo while locked = %+v, %v", got, err)
	}
	if got.ID != id || got.Operation != want.Operation || got.Who != want.Who ||
		got.Version != want.Version || got.Created.IsZero() || got.Path == "" {
		t.Errorf("LockInfo = %+v, want ID %s and the holder's Operation, Who, Version, Created, Path", got, id)
	}
	mustUnlock(t, a, id)
	if info, err := b.LockInfo(ctx(t)); err != nil || info != nil {
		t.Fatalf("LockInfo after unlock = %+v, %v; want nil, nil", info, err)
	}
}

func testHolderWrites(t *testing.T, client func() state.Backend) {
	a := client()
	id := mustLock(t, a, state.NewLockInfo("OperationTypeApply"))
	if s := mustRead(t, a); s != nil {
		t.Fatalf("fresh storage holds serial %d", s.Serial)
	}
	s := Sample(state.New().Lineage, 1, "locked")
	mustWrite(t, a, s)
	mustUnlock(t, a, id)
	assertStored(t, client, s)
}
