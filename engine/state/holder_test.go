package state

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// writeHeldLock writes a lock file held for two minutes by info's host,
// PID and start time.
func writeHeldLock(t *testing.T, l *Local, holder LockInfo) {
	t.Helper()
	holder.ID = "11111111-2222-3333-4444-555555555555"
	holder.Operation, holder.Who = "OperationTypeApply", "someone@"+holder.Host
	holder.Created = time.Now().UTC()
	holder.Expires = holder.Created.Add(2 * time.Minute)
	b, err := json.Marshal(holder)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(l.LockPath(), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLiveHoldersAreRespectedAndDeadOnesOfThisHostTakenOver(t *testing.T) {
	host, start := thisProcess()
	if start == 0 {
		t.Skip("no /proc: process start times are unknown here")
	}
	self := os.Getpid()
	for _, tc := range []struct {
		name     string
		holder   LockInfo
		takeOver bool
		why      string
	}{
		{"a running holder on this host keeps its lock", LockInfo{Host: host, PID: self, PIDStart: start}, false, ""},
		{"a running holder of unknown start time keeps its lock", LockInfo{Host: host, PID: self}, false, ""},
		{"a lock without a host (Terraform, older trueup) waits for its lease", LockInfo{PID: 1 << 30}, false, ""},
		{"a dead PID on another host waits for its lease", LockInfo{Host: host + "-elsewhere", PID: 1 << 30}, false, ""},
		{"a dead PID on this host is taken over", LockInfo{Host: host, PID: 1 << 30}, true, "is no longer running"},
		{"a reused PID on this host is taken over", LockInfo{Host: host, PID: self, PIDStart: start + 1}, true, "now another process"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newTestLocal(t)
			writeHeldLock(t, l, tc.holder)
			var notices []string
			ctx := WithLockNotice(context.Background(), func(m string) { notices = append(notices, m) })
			id, err := l.Lock(ctx, NewLockInfo("OperationTypePlan"))
			if !tc.takeOver {
				var le *LockError
				if !errors.As(err, &le) || len(notices) != 0 {
					t.Fatalf("Lock = %q, %v, notices %q; want the holder's LockError and no notice", id, err, notices)
				}
				return
			}
			if err != nil {
				t.Fatalf("Lock over a dead holder: %v", err)
			}
			info, _ := l.LockInfo(ctx)
			if info == nil || info.ID != id || info.PID != self {
				t.Fatalf("lock after takeover = %+v, want ours (%s)", info, id)
			}
			if len(notices) != 1 || !strings.Contains(notices[0], "11111111-2222-3333-4444-555555555555") || !strings.Contains(notices[0], tc.why) {
				t.Errorf("notices = %q, want one naming the old lock and %q", notices, tc.why)
			}
		})
	}
}

func TestNewLocksRecordHostAndProcessStart(t *testing.T) {
	l := newTestLocal(t)
	if _, err := l.Lock(t.Context(), NewLockInfo("OperationTypeApply")); err != nil {
		t.Fatal(err)
	}
	info, err := l.LockInfo(t.Context())
	host, start := thisProcess()
	if err != nil || info.Host != host || info.Host == "" || info.PIDStart != start || info.PID != os.Getpid() {
		t.Fatalf("lock = %+v, %v; want host %q, PID %d, start %d", info, err, host, os.Getpid(), start)
	}
}
