package state

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hashicorp/go-hclog"
)

func holdLock(t *testing.T, l *Local, who string) string {
	t.Helper()
	info := NewLockInfo("OperationTypeApply")
	info.Who = who
	id, err := l.Lock(t.Context(), info)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestLockWithRetryWithoutTimeoutFailsAtOnceNamingTheHolder(t *testing.T) {
	a := newTestLocal(t)
	id := holdLock(t, a, "alice@ci")
	_, err := LockWithRetry(t.Context(), NewLocal(a.Path()), NewLockInfo("plan"), 0, nil)
	var le *LockError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "state locked by alice@ci for OperationTypeApply since") || !strings.Contains(err.Error(), id) {
		t.Fatalf("LockWithRetry = %v, want the holder's LockError", err)
	}
}

func TestLockWithRetryWaitsForTheHolderToUnlock(t *testing.T) {
	a := newTestLocal(t)
	id := holdLock(t, a, "alice@ci")
	var logs bytes.Buffer
	log := hclog.New(&hclog.LoggerOptions{Output: &syncWriter{w: &logs}, Level: hclog.Info})
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(300 * time.Millisecond)
		if err := a.Unlock(context.Background(), id); err != nil {
			t.Error(err)
		}
	}()
	got, err := LockWithRetry(t.Context(), NewLocal(a.Path()), NewLockInfo("plan"), 5*time.Minute, log)
	<-released
	if err != nil || got == "" {
		t.Fatalf("LockWithRetry = %q, %v; want the lock once released", got, err)
	}
	if !strings.Contains(logs.String(), "state is locked, waiting") || !strings.Contains(logs.String(), "alice@ci") {
		t.Errorf("log does not say it waited for alice@ci:\n%s", logs.String())
	}
}

func TestLockWithRetryGivesUpAfterTheTimeoutWithTheHoldersError(t *testing.T) {
	a := newTestLocal(t)
	holdLock(t, a, "alice@ci")
	_, err := LockWithRetry(t.Context(), NewLocal(a.Path()), NewLockInfo("plan"), 400*time.Millisecond, nil)
	var le *LockError
	if !errors.As(err, &le) || le.Info == nil || le.Info.Who != "alice@ci" {
		t.Fatalf("LockWithRetry after timeout = %v, want the holder's LockError", err)
	}
}

func TestLockWithRetryStopsWhenTheContextEnds(t *testing.T) {
	a := newTestLocal(t)
	holdLock(t, a, "alice@ci")
	ctx, cancel := context.WithCancel(t.Context())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err := LockWithRetry(ctx, NewLocal(a.Path()), NewLockInfo("plan"), time.Hour, nil)
	var le *LockError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &le) {
		t.Fatalf("LockWithRetry after cancel = %v, want context.Canceled and the holder's LockError", err)
	}
}

func TestLockWithRetryReturnsOtherErrorsAtOnce(t *testing.T) {
	b := NewLocal("/nonexistent-dir/for/trueup/terraform.tfstate")
	_, err := LockWithRetry(t.Context(), b, NewLockInfo("plan"), time.Hour, nil)
	var le *LockError
	if err == nil || errors.As(err, &le) {
		t.Fatalf("LockWithRetry on an unwritable directory = %v, want a plain error", err)
	}
}

func TestLockWithRetryKeepsTheLeaseLengthOnEveryAttempt(t *testing.T) {
	a := newTestLocal(t)
	id := holdLock(t, a, "alice@ci")
	go func() { time.Sleep(300 * time.Millisecond); a.Unlock(context.Background(), id) }()
	info := &LockInfo{Operation: "apply", Expires: time.Now().Add(time.Minute)}
	b := NewLocal(a.Path())
	if _, err := LockWithRetry(t.Context(), b, info, time.Hour, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := b.LockInfo(t.Context())
	if lease := got.Lease(); lease < 59*time.Second || lease > time.Minute {
		t.Errorf("lease after waiting = %v, want the minute asked for", lease)
	}
}

// renewWatch is a Local whose failed renewals are signalled.
type renewWatch struct {
	*Local
	failed chan error
}

func (r *renewWatch) Renew(ctx context.Context, id string) error {
	err := r.Local.Renew(ctx, id)
	if err != nil {
		select {
		case r.failed <- err:
		default:
		}
	}
	return err
}

// The heartbeat runs in a synctest bubble: on the real clock a loaded
// machine delayed a renewal past the 600 ms lease, and the contender took
// it (or the late renewal was refused). The bubble's clock moves only
// while every goroutine in it waits, so each renewal comes on its tick.
func TestHeartbeatKeepsALeaseAlive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newTestLocal(t)
		info := NewLockInfo("apply")
		info.Expires = info.Created.Add(600 * time.Millisecond)
		id, err := a.Lock(t.Context(), info)
		if err != nil {
			t.Fatal(err)
		}
		stop := Heartbeat(t.Context(), a, id, 100*time.Millisecond)
		time.Sleep(1500 * time.Millisecond)
		if _, err := NewLocal(a.Path()).Lock(t.Context(), NewLockInfo("plan")); err == nil {
			t.Fatal("a contender took a lease that the heartbeat renews")
		}
		if err := stop(); err != nil {
			t.Fatalf("stop() = %v", err)
		}
	})
}

func TestHeartbeatReportsALostLock(t *testing.T) {
	a := &renewWatch{Local: newTestLocal(t), failed: make(chan error, 1)}
	info := NewLockInfo("apply")
	info.Expires = info.Created.Add(100 * time.Millisecond)
	id, err := a.Lock(t.Context(), info)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if _, err := NewLocal(a.Path()).Lock(t.Context(), NewLockInfo("plan")); err != nil {
		t.Fatalf("taking over the expired lease: %v", err)
	}
	stop := Heartbeat(t.Context(), a, id, 20*time.Millisecond)
	<-a.failed
	var le *LockError
	if err := stop(); !errors.As(err, &le) {
		t.Fatalf("stop() = %v, want the lost lock's LockError", err)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
