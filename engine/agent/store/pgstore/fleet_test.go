package pgstore

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestClaimIsWonOnce: agents claiming one key at once: exactly one wins.
func TestClaimIsWonOnce(t *testing.T) {
	url := server.NewDatabase(t)
	stores := []*Store{mustOpen(t, url, "a"), mustOpen(t, url, "b"), mustOpen(t, url, "c")}
	var won atomic.Int32
	var wg sync.WaitGroup
	for _, s := range stores {
		defer s.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, key := range []string{"push/app/abc", "push/app/def"} {
				ok, err := s.Claim(key)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if won.Load() != 2 {
		t.Errorf("%d claims won for 2 keys, want one each", won.Load())
	}
}

// TestLeaseExcludesOtherAgents: while one agent holds a stack's lease,
// another is told who holds it; after release, or when the holder's
// connection dies (as with kill -9), the other takes it.
func TestLeaseExcludesOtherAgents(t *testing.T) {
	url := server.NewDatabase(t)
	a, b := mustOpen(t, url, "agent-a"), mustOpen(t, url, "agent-b")
	defer a.Close()
	defer b.Close()
	ctx := context.Background()
	release, holder, err := a.Lease(ctx, "net")
	if err != nil || release == nil || holder != "" {
		t.Fatalf("first lease = %v, %q, %v", release != nil, holder, err)
	}
	if r, holder, err := b.Lease(ctx, "net"); err != nil || r != nil || holder != "agent-a" {
		t.Fatalf("second lease = %v, %q, %v; want refused, held by agent-a", r != nil, holder, err)
	}
	if r, _, err := b.Lease(ctx, "app"); err != nil || r == nil {
		t.Fatalf("another stack's lease = %v, %v; want taken", r != nil, err)
	} else {
		r()
	}
	release()
	rb, _, err := b.Lease(ctx, "net")
	if err != nil || rb == nil {
		t.Fatalf("lease after release = %v, %v", rb != nil, err)
	}
	// agent-b dies: its session ends without releasing.
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	// The terminated backend exits asynchronously: give it a moment.
	var ra func()
	for i := 0; i < 50 && ra == nil && err == nil; i++ {
		if ra, _, err = a.Lease(ctx, "net"); ra == nil {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if err != nil || ra == nil {
		t.Fatalf("lease after the holder's connection died = %v, %v", ra != nil, err)
	}
	ra()
	rb() // releasing a dead session's lease is harmless
}
