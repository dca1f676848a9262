package retry

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

var errBusy = errors.New("busy")

// failing returns an op that fails with err and counts its calls.
func failing(err error, calls *int) func(int) error {
	return func(int) error { *calls++; return err }
}

func TestDoBounds(t *testing.T) {
	errFatal := errors.New("fatal")
	tests := []struct {
		name      string
		policy    Policy
		op        func(calls *int) func(int) error
		wantCalls int
		wantErr   error
		minTime   time.Duration
		maxTime   time.Duration
	}{
		{name: "success on the third try returns nil", policy: Policy{First: time.Millisecond, Tries: 5},
			op: func(calls *int) func(int) error {
				return func(attempt int) error {
					*calls++
					if attempt < 3 {
						return errBusy
					}
					return nil
				}
			}, wantCalls: 3, maxTime: time.Second},
		{name: "tries run out with the last error", policy: Policy{First: time.Millisecond, Tries: 3},
			op: func(calls *int) func(int) error { return failing(errBusy, calls) }, wantCalls: 3, wantErr: errBusy, maxTime: time.Second},
		{name: "Stop ends at once with its error", policy: Policy{First: time.Second, Tries: 5},
			op: func(calls *int) func(int) error { return failing(Stop(errFatal), calls) }, wantCalls: 1, wantErr: errFatal, maxTime: 900 * time.Millisecond},
		{name: "After lengthens the next wait to the server's hint", policy: Policy{First: time.Millisecond, Max: time.Second, Tries: 2},
			op:        func(calls *int) func(int) error { return failing(After(errBusy, 80*time.Millisecond), calls) },
			wantCalls: 2, wantErr: errBusy, minTime: 80 * time.Millisecond, maxTime: 2 * time.Second},
		{name: "Max caps a server's hint", policy: Policy{First: time.Millisecond, Max: 10 * time.Millisecond, Tries: 2},
			op:        func(calls *int) func(int) error { return failing(After(errBusy, time.Hour), calls) },
			wantCalls: 2, wantErr: errBusy, maxTime: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			start := time.Now()
			err := Do(context.Background(), tt.policy, tt.op(&calls))
			took := time.Since(start)
			if err != tt.wantErr {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
			if calls != tt.wantCalls {
				t.Errorf("%d calls, want %d", calls, tt.wantCalls)
			}
			if took < tt.minTime || took > tt.maxTime {
				t.Errorf("took %s, want between %s and %s", took, tt.minTime, tt.maxTime)
			}
		})
	}
}

func TestDoTriesOnceMoreWhenTheTimeoutPasses(t *testing.T) {
	const timeout = 100 * time.Millisecond
	start := time.Now()
	var last time.Duration
	calls := 0
	err := Do(context.Background(), Policy{First: 60 * time.Millisecond, Max: time.Second, Timeout: timeout},
		func(int) error { calls++; last = time.Since(start); return errBusy })
	// Tries at 0 and 60ms; the 120ms wait is cut to end at 100ms.
	if err != errBusy || calls < 2 {
		t.Fatalf("error %v after %d calls, want the last error after at least 2", err, calls)
	}
	if last < timeout {
		t.Errorf("last try at %s, want one when the timeout (%s) passes", last, timeout)
	}
	if took := time.Since(start); took > timeout+time.Second {
		t.Errorf("took %s: waits went on past the timeout", took)
	}
}

func TestDoEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	calls := 0
	start := time.Now()
	err := Do(ctx, Policy{First: time.Hour}, failing(errBusy, &calls))
	if took := time.Since(start); took > time.Second {
		t.Fatalf("Do waited %s after its context ended", took)
	}
	var in *Interrupted
	if !errors.As(err, &in) || in.Last != errBusy {
		t.Fatalf("error %#v, want *Interrupted with the last error", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errBusy) {
		t.Errorf("error %v does not unwrap to both the context's and the operation's error", err)
	}
	if calls != 1 {
		t.Errorf("%d calls, want 1", calls)
	}
}

func TestDoJittersAndNotifies(t *testing.T) {
	var waits []time.Duration
	var attempts []int
	p := Policy{First: time.Millisecond, Multiplier: 1, Jitter: 0.5, Tries: 12,
		Notify: func(attempt int, err error, wait time.Duration) {
			if err != errBusy {
				t.Errorf("notified of %v, want the operation's error", err)
			}
			attempts = append(attempts, attempt)
			waits = append(waits, wait)
		}}
	calls := 0
	_ = Do(context.Background(), p, failing(errBusy, &calls))
	if len(waits) != 11 || attempts[0] != 1 || attempts[10] != 11 {
		t.Fatalf("notified of attempts %v, want 1..11", attempts)
	}
	distinct := map[time.Duration]bool{}
	for _, w := range waits {
		if w < 500*time.Microsecond || w > 1500*time.Microsecond+time.Nanosecond {
			t.Errorf("wait %s outside 1ms ± 50%%", w)
		}
		distinct[w] = true
	}
	if len(distinct) < 2 {
		t.Errorf("waits %v are all the same: no jitter", waits)
	}
}

func TestWaitIsThePolicysWithJitterAndAtLeastTheHint(t *testing.T) {
	p := Policy{First: 100 * time.Millisecond, Max: time.Second, Jitter: 0.5}
	for range 50 {
		if d := p.Wait(1, 0); d < 50*time.Millisecond || d > 150*time.Millisecond {
			t.Fatalf("first wait %v, want 100ms ±50%%", d)
		}
		if d := p.Wait(3, 0); d < 200*time.Millisecond || d > 600*time.Millisecond {
			t.Fatalf("third wait %v, want 400ms ±50%%", d)
		}
		if d := p.Wait(1, 700*time.Millisecond); d < 700*time.Millisecond {
			t.Fatalf("wait %v is shorter than the server's Retry-After 700ms", d)
		}
		if d := p.Wait(1, time.Hour); d > time.Second {
			t.Fatalf("wait %v is longer than Max", d)
		}
	}
}

func TestRetryAfterReadsSecondsAndDates(t *testing.T) {
	h := http.Header{}
	if RetryAfter(h) != 0 {
		t.Error("no header gave a wait")
	}
	h.Set("Retry-After", "3")
	if d := RetryAfter(h); d != 3*time.Second {
		t.Errorf("Retry-After: 3 = %v", d)
	}
	h.Set("Retry-After", time.Now().Add(10*time.Second).UTC().Format(http.TimeFormat))
	if d := RetryAfter(h); d < 8*time.Second || d > 10*time.Second {
		t.Errorf("Retry-After in 10s as a date = %v", d)
	}
}
