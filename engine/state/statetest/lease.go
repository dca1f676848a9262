package statetest

import (
	"testing"
	"time"

	"github.com/trueup/trueup/engine/state"
)

var leaseTests = []conformanceTest{
	{"expired lease can be taken over and the old holder's next write fails", testLeaseTakeover},
	{"renewed lease is not taken over", testRenewedLease},
}

// shortLease is the lease of the takeover test: long enough to lock and
// read, short enough to wait out.
const shortLease = 300 * time.Millisecond

func leaseInfo(operation string, lease time.Duration) *state.LockInfo {
	info := state.NewLockInfo(operation)
	info.Expires = info.Created.Add(lease)
	return info
}

// waitExpiry waits until the lock held under id has expired by the
// storage's record, then a little more.
func waitExpiry(t *testing.T, b state.Backend, id string) {
	t.Helper()
	info, err := b.LockInfo(ctx(t))
	if err != nil || info == nil || info.ID != id || info.Expires.IsZero() {
		t.Fatalf("LockInfo of a leased lock = %+v, %v; want ID %s with Expires", info, err, id)
	}
	time.Sleep(time.Until(info.Expires) + 50*time.Millisecond)
}

func testLeaseTakeover(t *testing.T, client func() state.Backend) {
	base := seed(t, client, 1)
	a, b := client(), client()
	mustRead(t, a)
	idA := mustLock(t, a, leaseInfo("OperationTypeApply", shortLease))
	waitExpiry(t, b, idA)

	idB := mustLock(t, b, leaseInfo("OperationTypeApply", time.Minute))
	if idB == idA {
		t.Fatal("takeover returned the old lock ID")
	}
	sb := mustRead(t, b)
	mustWrite(t, b, Sample(base.Lineage, sb.Serial+1, "taken-over"))

	assertStale(t, a.Write(ctx(t), Sample(base.Lineage, 2, "old-holder")), "the old holder writes after a takeover")
	le := asLockError(t, a.Unlock(ctx(t), idA), "the old holder unlocks after a takeover")
	if le.Info == nil || le.Info.ID != idB {
		t.Errorf("old holder's unlock error names %+v, want the new holder %s", le.Info, idB)
	}
	if err := a.Renew(ctx(t), idA); err == nil {
		t.Error("the old holder renewed a lock that was taken over")
	}
	if info, err := b.LockInfo(ctx(t)); err != nil || info == nil || info.ID != idB {
		t.Fatalf("LockInfo after takeover = %+v, %v; want %s", info, err, idB)
	}
	mustUnlock(t, b, idB)
}

func testRenewedLease(t *testing.T, client func() state.Backend) {
	const lease = time.Second
	a, b := client(), client()
	id := mustLock(t, a, leaseInfo("OperationTypeApply", lease))
	first, err := b.LockInfo(ctx(t))
	if err != nil || first == nil {
		t.Fatalf("LockInfo = %+v, %v", first, err)
	}
	// Renew well within the lease until the first lease is long past.
	for time.Now().Before(first.Expires.Add(lease / 2)) {
		time.Sleep(lease / 8)
		if err := a.Renew(ctx(t), id); err != nil {
			t.Fatalf("Renew: %v", err)
		}
	}
	renewed, err := b.LockInfo(ctx(t))
	if err != nil || renewed == nil || !renewed.Expires.After(first.Expires) {
		t.Fatalf("after renewals LockInfo = %+v, %v; want Expires after %s", renewed, err, first.Expires)
	}
	_, err = b.Lock(ctx(t), leaseInfo("OperationTypePlan", lease))
	le := asLockError(t, err, "locking a renewed lease")
	if le.Info == nil || le.Info.ID != id {
		t.Fatalf("contender's error names %+v, want %s", le.Info, id)
	}
	if err := b.Renew(ctx(t), "not-"+id); err == nil {
		t.Error("renewing with the wrong ID succeeded")
	}
	mustUnlock(t, a, id)
}
