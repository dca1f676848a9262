package statetest

import (
	"context"
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

// testRenewedLease moves the lease clock (state.WithClock) rather than
// waiting on the real one: renewing a 1 s lease every 125 ms until it was
// long past failed on a loaded machine (stop 40, pg at load 25: a renewal
// came after the lease ran out, or the lock took longer than the lease).
// The clock is one minute ahead at the renewals and two past the lock at
// the contender's attempt; the contender's takeover at the end shows that
// the backend judges leases by that clock.
func testRenewedLease(t *testing.T, client func() state.Backend) {
	const lease = time.Minute
	start := time.Now()
	at := func(d time.Duration) context.Context {
		return state.WithClock(ctx(t), func() time.Time { return start.Add(d) })
	}
	a, b := client(), client()
	id, err := a.Lock(at(0), leaseInfo("OperationTypeApply", lease))
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	first, err := b.LockInfo(ctx(t))
	if err != nil || first == nil || !first.Expires.Equal(start.Add(lease)) {
		t.Fatalf("LockInfo = %+v, %v; want Expires %s, a lease from the lock by its clock", first, err, start.Add(lease))
	}
	// Renew within the lease until the first lease is long past.
	for _, d := range []time.Duration{lease / 2, lease, lease * 3 / 2} {
		if err := a.Renew(at(d), id); err != nil {
			t.Fatalf("Renew %s after the lock: %v", d, err)
		}
	}
	renewed, err := b.LockInfo(ctx(t))
	if want := start.Add(lease * 5 / 2); err != nil || renewed == nil || !renewed.Expires.Equal(want) {
		t.Fatalf("after renewals LockInfo = %+v, %v; want Expires %s", renewed, err, want)
	}
	_, err = b.Lock(at(2*lease), leaseInfo("OperationTypePlan", lease))
	le := asLockError(t, err, "locking a renewed lease")
	if le.Info == nil || le.Info.ID != id {
		t.Fatalf("contender's error names %+v, want %s", le.Info, id)
	}
	if err := b.Renew(at(2*lease), "not-"+id); err == nil {
		t.Error("renewing with the wrong ID succeeded")
	}
	// Once the renewed lease has run out, the contender takes it over.
	idB, err := b.Lock(at(3*lease), leaseInfo("OperationTypePlan", lease))
	if err != nil || idB == id {
		t.Fatalf("locking after the renewed lease ran out = %q, %v; want a takeover under a new ID", idB, err)
	}
	mustUnlock(t, b, idB)
}
