package apply

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// timedBackend is a real local backend that notes when each write ended
// and which records (outputs) it held, and can make writes slower: by
// waiting (delay: a slow disk or network, or a loaded machine) or by
// working (burn: a large state to encode).
type timedBackend struct {
	state.Backend
	delay time.Duration
	burn  time.Duration

	mu     sync.Mutex
	writes []timedWrite
	// busy is the CPU time the writes used (their wall time where the
	// thread's CPU time cannot be read).
	busy time.Duration
	// longest is the longest write.
	longest time.Duration
}

type timedWrite struct {
	at      time.Time
	records map[string]bool
}

func (b *timedBackend) Write(ctx context.Context, s *state.State) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := time.Now()
	cpuStart, cpuOK := threadCPU()
	time.Sleep(b.delay)
	for cpu := cpuStart; cpuOK && cpu-cpuStart < b.burn; cpu, _ = threadCPU() {
	}
	err := b.Backend.Write(ctx, s)
	w := timedWrite{at: time.Now(), records: map[string]bool{}}
	for name := range s.Outputs {
		w.records[name] = true
	}
	busy := time.Since(start)
	if cpuEnd, ok := threadCPU(); cpuOK && ok {
		busy = cpuEnd - cpuStart
	}
	b.mu.Lock()
	b.writes = append(b.writes, w)
	b.busy += busy
	b.longest = max(b.longest, time.Since(start))
	b.mu.Unlock()
	return err
}

// recordWithLag makes n records spaced by every, then one more after a
// quiet gap, and returns the longest time any took to reach the backend,
// the number of writes and the share of the time spent writing.
func recordWithLag(t *testing.T, interval time.Duration, b *timedBackend, every time.Duration, n int) (lag time.Duration, writes int, busy float64, longest time.Duration) {
	t.Helper()
	b.Backend = state.NewLocal(filepath.Join(t.TempDir(), "s.tfstate"))
	st := state.New()
	st.Outputs = map[string]*state.Output{}
	p := newPersister(b, st, nil, hook.Nop{}, hclog.NewNullLogger(), interval)
	made := map[string]time.Time{}
	start := time.Now()
	record := func(i int) {
		name := fmt.Sprint("r", i)
		made[name] = time.Now()
		p.update(func(s *state.State) { s.Outputs[name] = &state.Output{Value: cty.NumberIntVal(int64(i))} })
	}
	for i := range n {
		record(i)
		time.Sleep(every)
	}
	time.Sleep(3 * interval) // quiet: nothing to write
	record(n)
	time.Sleep(3 * interval)
	elapsed := time.Since(start)
	if err := p.finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for name, at := range made {
		reached := time.Duration(-1)
		for _, w := range b.writes {
			if w.records[name] {
				reached = w.at.Sub(at)
				break
			}
		}
		if reached < 0 {
			t.Fatalf("record %s never reached the backend", name)
		}
		lag = max(lag, reached)
	}
	return lag, len(b.writes), float64(b.busy) / float64(elapsed), b.longest
}

func TestPersisterWritesEachRecordAboutOneIntervalAfterItWasMade(t *testing.T) {
	const interval = 500 * time.Millisecond
	lag, writes, _, _ := recordWithLag(t, interval, &timedBackend{}, 20*time.Millisecond, 100)
	t.Logf("longest lag %v, %d writes", lag, writes)
	// A fixed tick let a record wait a whole interval plus a write; now a
	// record waits for the interval from the oldest unwritten one.
	if lag > interval+250*time.Millisecond {
		t.Errorf("a record reached the backend %v after it was made, want about %v", lag, interval)
	}
	// 2 s of records and one late record: about one write per interval,
	// not one per record (O(N) bytes in all), and none while quiet.
	if writes > 10 {
		t.Errorf("%d writes for 100 records over 2 s at a %v interval, want about 5", writes, interval)
	}
}

func TestPersisterKeepsSlowWritesABoundedShareOfTheApply(t *testing.T) {
	if _, ok := threadCPU(); !ok {
		t.Skip("the spacing counts wall time where a thread's CPU time cannot be read")
	}
	const interval = 300 * time.Millisecond
	lag, _, busy, longest := recordWithLag(t, interval, &timedBackend{burn: 100 * time.Millisecond}, 20*time.Millisecond, 100)
	t.Logf("longest lag %v, %.0f%% of the time writing (CPU), longest write %v", lag, busy*100, longest)
	if busy > 0.3 {
		t.Errorf("writing took %.0f%% of the time, want at most about a fifth", busy*100)
	}
	// The spacing rule then bounds the lag: the write under way, the
	// spacing (four write durations) and the next write.
	if lag > (writeSpacing+3)*longest {
		t.Errorf("a record reached the backend %v after it was made", lag)
	}
}

// A write that waits rather than works (a loaded machine, a slow disk or
// network) does not stretch the spacing: records still reach the backend
// about one interval after they were made. Spaced by wall time, a record
// made as a 200 ms write began waited that write, four times it and its
// own write: 1.2 s (here, with 300 ms writes, 1.8 s).
func TestPersisterSpacesWritesByTheirWorkNotTheirWaits(t *testing.T) {
	if _, ok := threadCPU(); !ok {
		t.Skip("the spacing counts wall time where a thread's CPU time cannot be read")
	}
	const interval, delay = 500 * time.Millisecond, 300 * time.Millisecond
	lag, writes, _, longest := recordWithLag(t, interval, &timedBackend{delay: delay}, 20*time.Millisecond, 100)
	t.Logf("longest lag %v, %d writes, longest write %v", lag, writes, longest)
	// Spaced by wall time: 300 + 4 × 300 + 300 = 1.8 s; by work: about
	// the interval and a write, with room for a loaded machine's timers.
	if lag > interval+delay+500*time.Millisecond {
		t.Errorf("a record reached the backend %v after it was made, want about %v", lag, interval)
	}
}
