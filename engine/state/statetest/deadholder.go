package statetest

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// RunDeadHolderTakeover checks, on a backend that honours
// state.WithHolderCheck (s3, gcs), that a lock whose lease has not run
// out is taken over at once when the holder check says its holder is
// dead, and only then; and that the takeover is conditional on the lock
// as read: a holder that renews its lock while the contender decides
// keeps it.
func RunDeadHolderTakeover(t *testing.T, newStorage NewStorage) {
	t.Helper()
	t.Run("a live holder's lock is not taken", func(t *testing.T) {
		client := newStorage(t)
		a, b := client(), client()
		idA := mustLock(t, a, agentLease("agent-a"))
		alive := state.WithHolderCheck(ctx(t), func(*state.LockInfo) string { return "" })
		_, err := b.Lock(alive, agentLease("agent-b"))
		if le := asLockError(t, err, "locking a live agent's state"); le.Info == nil || le.Info.ID != idA {
			t.Fatalf("lock error names %+v, want agent-a's lock %s", le.Info, idA)
		}
		mustUnlock(t, a, idA)
	})
	t.Run("a dead holder's unexpired lock is taken over at once", func(t *testing.T) {
		client := newStorage(t)
		base := seed(t, client, 1)
		a, b := client(), client()
		mustRead(t, a)
		idA := mustLock(t, a, agentLease("agent-a"))
		var notice string
		c := state.WithLockNotice(ctx(t), func(msg string) { notice = msg })
		c = state.WithHolderCheck(c, func(info *state.LockInfo) string {
			if info.Agent == "agent-a" {
				return "agent agent-a is gone"
			}
			return ""
		})
		idB, err := b.Lock(c, agentLease("agent-b"))
		if err != nil {
			t.Fatalf("taking over a dead agent's lock: %v", err)
		}
		if !strings.Contains(notice, idA) || !strings.Contains(notice, "agent agent-a is gone") {
			t.Errorf("lock notice = %q, want the old lock ID and why", notice)
		}
		if info, err := a.LockInfo(ctx(t)); err != nil || info == nil || info.ID != idB || info.Agent != "agent-b" {
			t.Fatalf("LockInfo after the takeover = %+v, %v; want agent-b's %s", info, err, idB)
		}
		sb := mustRead(t, b)
		mustWrite(t, b, Sample(base.Lineage, sb.Serial+1, "taken-over"))
		assertStale(t, a.Write(ctx(t), Sample(base.Lineage, 2, "dead")), "the dead holder writes after the takeover")
		if err := a.Renew(ctx(t), idA); err == nil {
			t.Error("the dead holder renewed a lock that was taken over")
		}
		mustUnlock(t, b, idB)
	})
	t.Run("a lock renewed while the contender decides stays with its holder", func(t *testing.T) {
		client := newStorage(t)
		a, b := client(), client()
		idA := mustLock(t, a, agentLease("agent-a"))
		var calls atomic.Int32
		c := state.WithHolderCheck(ctx(t), func(*state.LockInfo) string {
			if calls.Add(1) > 1 {
				return "" // read again after the renewal: alive
			}
			// The holder renews between the contender's read and its
			// conditional write: the write must fail.
			time.Sleep(10 * time.Millisecond)
			if err := a.Renew(ctx(t), idA); err != nil {
				t.Errorf("the holder's renewal: %v", err)
			}
			return "looked dead a moment ago"
		})
		_, err := b.Lock(c, agentLease("agent-b"))
		asLockError(t, err, "taking over a lock renewed meanwhile")
		if info, err := a.LockInfo(ctx(t)); err != nil || info == nil || info.ID != idA {
			t.Fatalf("LockInfo = %+v, %v; want the holder's %s still", info, err, idA)
		}
		mustUnlock(t, a, idA)
	})
}

// agentLease is an apply lock with a minute's lease in agent's name.
func agentLease(agent string) *state.LockInfo {
	info := leaseInfo("OperationTypeApply", time.Minute)
	info.Agent = agent
	return info
}
